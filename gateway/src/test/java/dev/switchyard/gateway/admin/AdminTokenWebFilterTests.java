package dev.switchyard.gateway.admin;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.github.bucket4j.TimeMeter;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import dev.switchyard.gateway.balancer.BalancerProperties;
import dev.switchyard.gateway.web.ProblemDetailErrorWebExceptionHandler;
import dev.switchyard.web.ratelimit.AddressRateLimiter;
import dev.switchyard.web.ratelimit.RateLimits;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

class AdminTokenWebFilterTests {

	private static final String TOKEN = "admin-token";

	private final JsonMapper json = JsonMapper.builder().build();

	private final AdminTokenWebFilter filter = new AdminTokenWebFilter(new AdminProperties(TOKEN),
			new AddressRateLimiter(new RateLimits(true, 1, 3, 1, 2, 100), new FrozenTime()),
			new BalancerProperties("round-robin", Map.of(), null, null, null, List.of("10.0.0.9")));

	private final ProblemDetailErrorWebExceptionHandler handler = new ProblemDetailErrorWebExceptionHandler(this.json);

	@Test
	void shouldAnswer429ProblemWithRetryAfterOnceTheBurstIsUsed() {
		for (int i = 0; i < 3; i++) {
			assertThat(send("10.0.0.1", "Bearer " + TOKEN).getResponse().getStatusCode().value()).isEqualTo(200);
		}

		MockServerWebExchange refused = send("10.0.0.1", "Bearer " + TOKEN);

		assertThat(refused.getResponse().getStatusCode().value()).isEqualTo(429);
		assertThat(refused.getResponse().getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
		assertThat(refused.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(body(refused)).containsEntry("status", 429).containsEntry("title", "Too Many Requests");
		assertThat(send("10.0.0.2", "Bearer " + TOKEN).getResponse().getStatusCode().value()).isEqualTo(200);
	}

	@Test
	void shouldRefuseEvenTheRightTokenOnceFailedAuthenticationsAreUsedUp() {
		assertThat(send("10.0.0.1", "Bearer wrong").getResponse().getStatusCode().value()).isEqualTo(401);
		assertThat(send("10.0.0.1", null).getResponse().getStatusCode().value()).isEqualTo(401);

		MockServerWebExchange refused = send("10.0.0.1", "Bearer " + TOKEN);

		assertThat(refused.getResponse().getStatusCode().value()).isEqualTo(429);
		assertThat(refused.getResponse().getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("60");
	}

	@Test
	void shouldCountTheForwardedClientOfATrustedProxy() {
		for (int i = 0; i < 3; i++) {
			send(MockServerHttpRequest.get("/admin/lb")
				.remoteAddress(new InetSocketAddress("10.0.0.9", 40000))
				.header("X-Forwarded-For", "192.0.2.1")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN));
		}

		MockServerWebExchange forwarded = send(MockServerHttpRequest.get("/admin/lb")
			.remoteAddress(new InetSocketAddress("10.0.0.9", 40000))
			.header("X-Forwarded-For", "192.0.2.1")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN));
		MockServerWebExchange other = send(MockServerHttpRequest.get("/admin/lb")
			.remoteAddress(new InetSocketAddress("10.0.0.9", 40000))
			.header("X-Forwarded-For", "192.0.2.2")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN));

		assertThat(forwarded.getResponse().getStatusCode().value()).isEqualTo(429);
		assertThat(other.getResponse().getStatusCode().value()).isEqualTo(200);
	}

	@Test
	void shouldNotLimitWhatIsNotAdmin() {
		for (int i = 0; i < 10; i++) {
			MockServerWebExchange exchange = send(MockServerHttpRequest.get("/cluster/state")
				.remoteAddress(new InetSocketAddress("10.0.0.1", 40000)));

			assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(200);
		}
	}

	private MockServerWebExchange send(String client, String authorization) {
		MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get("/admin/lb")
			.remoteAddress(new InetSocketAddress(client, 40000));
		if (authorization != null) {
			request.header(HttpHeaders.AUTHORIZATION, authorization);
		}
		return send(request);
	}

	private MockServerWebExchange send(MockServerHttpRequest.BaseBuilder<?> request) {
		MockServerWebExchange exchange = MockServerWebExchange.from(request);
		WebFilterChain ok = (ServerWebExchange passed) -> {
			passed.getResponse().setStatusCode(HttpStatus.OK);
			return Mono.empty();
		};
		StepVerifier.create(this.filter.filter(exchange, ok).onErrorResume((ex) -> this.handler.handle(exchange, ex)))
			.verifyComplete();
		return exchange;
	}

	private Map<String, Object> body(MockServerWebExchange exchange) {
		AtomicReference<String> body = new AtomicReference<>();
		StepVerifier.create(exchange.getResponse().getBodyAsString()).consumeNextWith(body::set).verifyComplete();
		return this.json.readValue(body.get(), new TypeReference<>() {
		});
	}

	/**
	 * Time that stands still, so that nothing refills during a test.
	 */
	static final class FrozenTime implements TimeMeter {

		@Override
		public long currentTimeNanos() {
			return 1_000_000_000L;
		}

		@Override
		public boolean isWallClockBased() {
			return false;
		}

	}

}
