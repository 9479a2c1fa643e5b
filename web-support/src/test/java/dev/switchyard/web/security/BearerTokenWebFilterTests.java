package dev.switchyard.web.security;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import dev.switchyard.web.ratelimit.AddressRateLimiter;
import dev.switchyard.web.ratelimit.RateLimits;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.server.WebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

class BearerTokenWebFilterTests {

	private static final String TOKEN = "admin-token";

	private final AtomicInteger passed = new AtomicInteger();

	private final WebFilterChain chain = (exchange) -> {
		this.passed.incrementAndGet();
		return Mono.empty();
	};

	private final BearerTokenWebFilter filter = new BearerTokenWebFilter(ProtectedRequests.paths("/admin/**"),
			new BearerTokenAuthenticator(TOKEN, "test.token", "test",
					new AddressRateLimiter(new RateLimits(true, 1, 3, 1, 2, 100), new FrozenTime())),
			BearerTokenWebFilterTests::client);

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "/admin/lb", "/admin;x/lb", "/admin;/lb", "/admin;a=b/lb", "/%61dmin/lb", "/admin/lb/",
			"/admin" })
	void shouldRefuseEverySpellingOfAProtectedPathWithoutTheToken(String path) {
		StepVerifier
			.create(this.filter.filter(exchange(MockServerHttpRequest.method(HttpMethod.PUT, URI.create(path))),
					this.chain))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(ErrorResponseException.class,
					(refused) -> assertThat(refused.getStatusCode().value()).isEqualTo(401)))
			.verify();

		assertThat(this.passed).hasValue(0);
	}

	@Test
	void shouldLetTheRightTokenThrough() {
		StepVerifier
			.create(this.filter.filter(exchange(MockServerHttpRequest.method(HttpMethod.GET, URI.create("/admin;x/lb"))
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN)), this.chain))
			.verifyComplete();

		assertThat(this.passed).hasValue(1);
	}

	@Test
	void shouldKeepTheRateLimitsByTheAddressItIsGiven() {
		for (int i = 0; i < 3; i++) {
			send(MockServerHttpRequest.get("/admin/lb")
				.header("X-Client", "192.0.2.1")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN));
		}

		Throwable limited = send(MockServerHttpRequest.get("/admin/lb")
			.header("X-Client", "192.0.2.1")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN));
		Throwable other = send(MockServerHttpRequest.get("/admin/lb")
			.header("X-Client", "192.0.2.2")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN));

		assertThat(limited).isInstanceOfSatisfying(ErrorResponseException.class,
				(refused) -> assertThat(refused.getStatusCode().value()).isEqualTo(429));
		assertThat(other).isNull();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(
			strings = { "/cluster/state", "/api/admin/lb", "/ADMIN/lb", "//admin/lb", "/x/../admin/lb", "/admin%2Flb" })
	void shouldNeitherAuthenticateNorLimitWhatIsNotProtected(String path) {
		for (int i = 0; i < 10; i++) {
			assertThat(send(MockServerHttpRequest.method(HttpMethod.PUT, URI.create(path)))).isNull();
		}

		assertThat(this.passed).hasValue(10);
	}

	private Throwable send(MockServerHttpRequest.BaseBuilder<?> request) {
		Throwable[] failure = new Throwable[1];
		StepVerifier.create(this.filter.filter(exchange(request), this.chain).onErrorResume((ex) -> {
			failure[0] = ex;
			return Mono.empty();
		})).verifyComplete();
		return failure[0];
	}

	private static MockServerWebExchange exchange(MockServerHttpRequest.BaseBuilder<?> request) {
		return MockServerWebExchange.from(request.remoteAddress(new InetSocketAddress("10.0.0.9", 40000)));
	}

	private static String client(ServerHttpRequest request) {
		String client = request.getHeaders().getFirst("X-Client");
		return (client != null) ? client : request.getRemoteAddress().getAddress().getHostAddress();
	}

}
