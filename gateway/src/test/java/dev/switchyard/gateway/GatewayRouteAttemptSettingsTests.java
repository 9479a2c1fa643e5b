package dev.switchyard.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.switchyard.gateway.balancer.RoutePolicies;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.switchyard.gateway.FakeRegistry.Instance.up;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A route's own {@code retryBudget} and {@code hedge}, set through {@code PUT
 * /admin/lb/routes/api}, on a gateway configured with neither ({@code gateway.retry.*}
 * has no budget and no hedge here): the attempt stages follow the route's settings, and
 * stop when the route's settings are taken away again.
 */
@GatewayTest
@TestPropertySource(
		properties = { "gateway.retry.budget.min-per-second=0", "gateway.balancer.ejection.consecutive-failures=100000",
				"gateway.balancer.ejection.success-rate.enabled=false" })
class GatewayRouteAttemptSettingsTests {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private final TestCluster cluster = TestCluster.get();

	@Autowired
	private WebTestClient client;

	@Autowired
	private RoutePolicies routePolicies;

	private final List<FakeNode> delayed = new ArrayList<>();

	@BeforeEach
	void roundRobin() {
		this.routePolicies.set("api", "round-robin", null);
	}

	@AfterEach
	void noDelay() {
		this.delayed.forEach((node) -> node.delay(Duration.ZERO));
		this.routePolicies.set("api", "round-robin", null);
	}

	@Test
	void shouldKeepAttemptsWithinTheRoutesOwnBudget() {
		FakeNode healthy = this.cluster.node("route-budget-ok");
		FakeNode failing = this.cluster.node("route-budget-503");
		healthy.answer(200);
		failing.answer(503);
		this.cluster.register(this.client, up(healthy), up(failing));

		// no budget anywhere: every request that reaches the failing instance goes out
		// again
		double withoutBudget = attemptsPerRequest(healthy, failing, 100);
		putRoute(Map.of("policy", "round-robin", "retryBudget", 10.0));
		double withBudget = attemptsPerRequest(healthy, failing, 200);
		putRoute(Map.of("policy", "round-robin"));
		double budgetRemoved = attemptsPerRequest(healthy, failing, 100);

		assertThat(withoutBudget).isGreaterThanOrEqualTo(1.4);
		assertThat(withBudget).isBetween(1.0, 1.2);
		assertThat(budgetRemoved).isGreaterThanOrEqualTo(1.4);
	}

	@Test
	void shouldHedgeOnTheRoutesOwnHedge() {
		FakeNode slow = this.cluster.node("route-hedge-slow");
		FakeNode fast = this.cluster.node("route-hedge-fast");
		slow.answer(200);
		fast.answer(200);
		slow.delay(Duration.ofSeconds(1));
		this.delayed.add(slow);
		this.cluster.register(this.client, up(slow), up(fast));

		// no hedge: round robin sends one request of two to the slow instance, which
		// answers it after a second
		List<Timed> unhedged = getTimes(4);
		putRoute(Map.of("policy", "round-robin", "hedge", "50ms"));
		List<Timed> hedged = getTimes(6);

		assertThat(unhedged).filteredOn((timed) -> "route-hedge-slow".equals(timed.servedBy()))
			.isNotEmpty()
			.allSatisfy((timed) -> assertThat(timed.millis()).isGreaterThanOrEqualTo(900));
		assertThat(hedged).allSatisfy((timed) -> {
			assertThat(timed.servedBy()).isEqualTo("route-hedge-fast");
			assertThat(timed.millis()).isLessThan(800);
		});
		assertThat(hedged).anySatisfy((timed) -> assertThat(timed.decision())
			.contains("hedged on route-hedge-fast after route-hedge-slow took 50ms"));
	}

	private double attemptsPerRequest(FakeNode healthy, FakeNode failing, int requests) {
		int before = healthy.received() + failing.received();
		for (int i = 0; i < requests; i++) {
			this.client.get().uri("/api/whoami").exchange().returnResult(byte[].class);
		}
		return (healthy.received() + failing.received() - before) / (double) requests;
	}

	private List<Timed> getTimes(int requests) {
		List<Timed> times = new ArrayList<>();
		for (int i = 0; i < requests; i++) {
			long start = System.nanoTime();
			EntityExchangeResult<byte[]> result = this.client.get()
				.uri("/api/whoami")
				.header("X-LB-Explain", "true")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.returnResult();
			times.add(new Timed(result.getResponseHeaders().getFirst("X-Served-By"),
					(System.nanoTime() - start) / 1_000_000, result.getResponseHeaders().getFirst("X-LB-Decision")));
		}
		return times;
	}

	private void putRoute(Map<String, Object> settings) {
		Map<String, Object> shown = this.client.put()
			.uri("/admin/lb/routes/api")
			.headers((headers) -> headers.setBearerAuth(TestCluster.ADMIN_TOKEN))
			.bodyValue(new LinkedHashMap<>(settings))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertThat(shown).containsAllEntriesOf(settings);
	}

	private record Timed(String servedBy, long millis, String decision) {

	}

}
