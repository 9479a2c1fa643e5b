package dev.switchyard.gateway.limits;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.test.StepVerifier;

import dev.switchyard.gateway.balancer.policy.ClientAddressResolver;
import dev.switchyard.web.ratelimit.AddressRateLimiter;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.ErrorResponseException;

import static org.assertj.core.api.Assertions.assertThat;

class ClientLimitFilterTests {

	private static final ClientLimitsProperties PROPERTIES = new ClientLimitsProperties(
			new ClientLimitsProperties.CatalogWrites(true, 1, 3), new ClientLimitsProperties.WorkCpu(true, 100, 1000),
			1000);

	private final AtomicLong nanos = new AtomicLong();

	private final TimeMeter time = new TimeMeter() {

		@Override
		public long currentTimeNanos() {
			return ClientLimitFilterTests.this.nanos.get();
		}

		@Override
		public boolean isWallClockBased() {
			return false;
		}

	};

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final ClientLimitFilter filter = new ClientLimitFilter(PROPERTIES,
			new ClientAddressResolver(List.of("10.9.0.0/16")),
			new AddressRateLimiter(PROPERTIES.catalogWriteLimits(), this.time),
			new AddressRateLimiter(PROPERTIES.workCpuLimits(), this.time), this.meters);

	private final AtomicInteger forwarded = new AtomicInteger();

	private final GatewayFilterChain chain = (exchange) -> {
		this.forwarded.incrementAndGet();
		return reactor.core.publisher.Mono.empty();
	};

	@Test
	void shouldLetABurstOfCatalogWritesThroughThenRefuseWith429AndRetryAfter() {
		for (int i = 0; i < 3; i++) {
			StepVerifier.create(this.filter.filter(exchange(HttpMethod.PUT, "/api/catalog/k", "10.0.0.1"), this.chain))
				.verifyComplete();
		}

		StepVerifier.create(this.filter.filter(exchange(HttpMethod.PUT, "/api/catalog/k", "10.0.0.1"), this.chain))
			.expectErrorSatisfies((ex) -> {
				assertThat(ex).isInstanceOf(ErrorResponseException.class);
				ErrorResponseException error = (ErrorResponseException) ex;
				assertThat(error.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
				assertThat(error.getHeaders().getFirst("Retry-After")).isEqualTo("1");
				assertThat(error.getBody().getDetail()).contains("Catalog writes", "1 a second", "bursts of 3");
			})
			.verify();

		assertThat(this.forwarded).hasValue(3);
		assertThat(this.meters.get("gateway.client.limited").tag("limit", "catalog-writes").counter().count()).isOne();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "/api/catalog/k", "/api/catalog", "/api/catalog/", "/api/catalog;x/k", "/api;x/catalog/k",
			"/api/%63atalog/k", "/api/catalog/k;a=b", "/api/catalog/a%2Fb", "/api/catalog%3Bx/k" })
	void shouldCountEverySpellingOfACatalogWrite(String path) {
		int admitted = 0;
		for (int i = 0; i < 10; i++) {
			if (passes(exchange(HttpMethod.PUT, path, "10.0.0.1"))) {
				admitted++;
			}
		}

		// %3B is part of the segment, not a matrix parameter: no node handler takes
		// "catalog;x" either
		assertThat(admitted).isEqualTo(path.contains("%3B") ? 10 : 3);
	}

	@Test
	void shouldLeaveCatalogReadsAndOtherPathsAlone() {
		int admitted = 0;
		for (int i = 0; i < 10; i++) {
			admitted += passes(exchange(HttpMethod.GET, "/api/catalog/k", "10.0.0.1")) ? 1 : 0;
			admitted += passes(exchange(HttpMethod.POST, "/api/cart/items", "10.0.0.1")) ? 1 : 0;
		}

		assertThat(admitted).isEqualTo(20);
	}

	@Test
	void shouldKeepABucketPerClientAsTrustedProxiesReportIt() {
		for (int i = 0; i < 3; i++) {
			passes(exchange(HttpMethod.PUT, "/api/catalog/k", "10.0.0.1"));
		}

		boolean sameClient = passes(exchange(HttpMethod.PUT, "/api/catalog/k", "10.0.0.1"));
		boolean otherClient = passes(exchange(HttpMethod.PUT, "/api/catalog/k", "10.0.0.2"));
		boolean forwardedByTrustedProxy = passes(forwardedBy("10.9.0.1", "10.0.0.3"));
		boolean spoofedThroughUntrusted = passes(forwardedBy("10.0.0.1", "10.0.0.4"));

		assertThat(sameClient).isFalse();
		assertThat(otherClient).isTrue();
		assertThat(forwardedByTrustedProxy).isTrue();
		assertThat(spoofedThroughUntrusted).as("X-Forwarded-For from an untrusted peer is ignored").isFalse();
	}

	@Test
	void shouldChargeWorkTheCpuItAsksFor() {
		boolean first = passes(exchange(HttpMethod.GET, "/api/work?cpuMs=600", "10.0.0.1"));
		boolean second = passes(exchange(HttpMethod.GET, "/api/work?cpuMs=600", "10.0.0.1"));
		boolean ioOnly = passes(exchange(HttpMethod.GET, "/api/work?ioMs=600", "10.0.0.1"));
		boolean invalid = passes(exchange(HttpMethod.GET, "/api/work?cpuMs=abc", "10.0.0.1"));
		this.nanos.addAndGet(TimeUnit.SECONDS.toNanos(2));
		boolean afterRefill = passes(exchange(HttpMethod.GET, "/api/work?cpuMs=600", "10.0.0.1"));

		assertThat(first).isTrue();
		assertThat(second).isFalse();
		assertThat(ioOnly).isTrue();
		assertThat(invalid).as("the node answers it 400").isTrue();
		assertThat(afterRefill).isTrue();
		assertThat(this.meters.get("gateway.client.limited").tag("limit", "work-cpu").counter().count()).isOne();
	}

	@Test
	void shouldApplyNoLimitWhenDisabled() {
		ClientLimitsProperties off = new ClientLimitsProperties(new ClientLimitsProperties.CatalogWrites(false, 1, 1),
				new ClientLimitsProperties.WorkCpu(false, 1, 1), 10);
		ClientLimitFilter unlimited = new ClientLimitFilter(off, new ClientAddressResolver(List.of()), this.meters);
		int admitted = 0;

		for (int i = 0; i < 50; i++) {
			admitted += (unlimited.filter(exchange(HttpMethod.PUT, "/api/catalog/k", "10.0.0.1"), this.chain)
				.onErrorComplete()
				.then(reactor.core.publisher.Mono.just(1))
				.block(Duration.ofSeconds(1)) != null) ? 1 : 0;
		}

		assertThat(admitted).isEqualTo(50);
		assertThat(this.forwarded).hasValue(50);
	}

	private boolean passes(MockServerWebExchange exchange) {
		int before = this.forwarded.get();
		this.filter.filter(exchange, this.chain).onErrorComplete().block(Duration.ofSeconds(1));
		return this.forwarded.get() > before;
	}

	private static MockServerWebExchange exchange(HttpMethod method, String uri, String peer) {
		return MockServerWebExchange.from(MockServerHttpRequest.method(method, URI.create(uri))
			.remoteAddress(new InetSocketAddress(peer, 40_000))
			.build());
	}

	private static MockServerWebExchange forwardedBy(String proxy, String client) {
		return MockServerWebExchange.from(MockServerHttpRequest.method(HttpMethod.PUT, "/api/catalog/k")
			.header("X-Forwarded-For", client)
			.remoteAddress(new InetSocketAddress(proxy, 40_000))
			.build());
	}

}
