package dev.switchyard.gateway.admin;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import dev.switchyard.gateway.balancer.BalancerProperties;
import dev.switchyard.web.security.AdminRateLimitProperties;
import dev.switchyard.web.security.BearerTokenWebFilter;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.ErrorResponseException;

import static org.assertj.core.api.Assertions.assertThat;

class AdminConfigurationTests {

	private static final String TOKEN = "admin-token";

	private final AdminConfiguration configuration = new AdminConfiguration();

	private final BearerTokenWebFilter filter = this.configuration.adminTokenWebFilter(
			this.configuration.adminRequests(),
			new AdminProperties(TOKEN, new AdminRateLimitProperties(true, 1, 3, 10, 10, 100)),
			new BalancerProperties("round-robin", Map.of(), null, null, null, List.of("10.0.0.9")));

	@Test
	void shouldKeepTheRateLimitsByTheClientATrustedProxyForwarded() {
		for (int i = 0; i < 3; i++) {
			assertThat(status("192.0.2.1")).isEqualTo(200);
		}

		assertThat(status("192.0.2.1")).isEqualTo(429);
		assertThat(status("192.0.2.2")).as("another client behind the same proxy").isEqualTo(200);
	}

	private int status(String forwardedFor) {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/admin/lb")
			.remoteAddress(new InetSocketAddress("10.0.0.9", 40000))
			.header("X-Forwarded-For", forwardedFor)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN));
		int[] status = { 200 };
		StepVerifier.create(this.filter.filter(exchange, (passed) -> Mono.empty())
			.onErrorResume(ErrorResponseException.class, (ex) -> {
				status[0] = ex.getStatusCode().value();
				return Mono.empty();
			})).verifyComplete();
		return status[0];
	}

}
