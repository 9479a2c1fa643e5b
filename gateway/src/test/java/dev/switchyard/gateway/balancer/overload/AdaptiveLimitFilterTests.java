package dev.switchyard.gateway.balancer.overload;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import dev.switchyard.gateway.balancer.BalancerProperties;
import dev.switchyard.gateway.balancer.RoutePolicies;
import dev.switchyard.gateway.balancer.RoutePolicy;
import dev.switchyard.gateway.balancer.policy.PolicyCatalog;
import dev.switchyard.gateway.balancer.stats.BalancerStatistics;

import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

class AdaptiveLimitFilterTests {

	private final RoutePolicies policies = new RoutePolicies(
			new BalancerProperties("round-robin", Map.of(), new BalancerProperties.Sticky(List.of(), null),
					new BalancerProperties.Ewma(Duration.ofSeconds(10)),
					new BalancerProperties.Ejection(5, Duration.ofSeconds(10), Duration.ofMinutes(5),
							Set.of(500, 502, 503, 504)),
					List.of()),
			new PolicyCatalog(BalancerStatistics.withDefaults(() -> 0L), "key".getBytes(StandardCharsets.UTF_8)));

	private final OverloadControl overload = new OverloadControl();

	private final AdaptiveLimitFilter filter = new AdaptiveLimitFilter(this.policies, this.overload);

	@Test
	void shouldShedWith503AndRetryAfterOverTheLimit() {
		this.policies.apply("api", adaptive(true));
		for (int i = 0; i < OverloadControl.INITIAL_LIMIT; i++) {
			assertThat(this.overload.limiter("api").acquire(null)).isPresent();
		}
		int[] forwarded = new int[1];

		StepVerifier.create(this.filter.filter(exchange(), (exchange) -> Mono.fromRunnable(() -> forwarded[0]++)))
			.expectErrorSatisfies((error) -> {
				assertThat(error).isInstanceOf(OverloadedException.class).hasMessageContaining("adaptive");
				assertThat(((OverloadedException) error).getStatusCode().value()).isEqualTo(503);
				assertThat(((OverloadedException) error).getHeaders().getFirst("Retry-After")).isEqualTo("1");
			})
			.verify();
		assertThat(forwarded[0]).isZero();
	}

	@Test
	void shouldForwardUnderTheLimitAndReleaseTheSlot() {
		this.policies.apply("api", adaptive(true));
		MockServerWebExchange exchange = exchange();

		StepVerifier.create(this.filter.filter(exchange, (forwarded) -> {
			assertThat(this.overload.limiter("api").getInflight()).isEqualTo(1);
			forwarded.getResponse().setStatusCode(HttpStatus.OK);
			return Mono.empty();
		})).verifyComplete();

		assertThat(this.overload.limiter("api").getInflight()).isZero();
	}

	@Test
	void shouldLeaveARouteWithoutAdaptiveLimitAlone() {
		this.policies.apply("api", adaptive(null));
		for (int i = 0; i < OverloadControl.INITIAL_LIMIT; i++) {
			this.overload.limiter("api").acquire(null);
		}

		StepVerifier.create(this.filter.filter(exchange(), (exchange) -> Mono.empty())).verifyComplete();
	}

	private static RoutePolicy adaptive(Boolean on) {
		return new RoutePolicy("round-robin", null, null, null, null, on, null, null, null, null);
	}

	private static MockServerWebExchange exchange() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/work"));
		Route route = Route.async().id("api").uri("lb://node-service").predicate((e) -> true).build();
		exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR, route);
		return exchange;
	}

}
