package dev.switchyard.gateway;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.switchyard.gateway.balancer.RoutePolicies;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.switchyard.gateway.FakeRegistry.Instance.up;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retry budget in front of an instance that fails every request and is never ejected:
 * without it every request that reaches that instance would be sent twice.
 */
@GatewayTest
@TestPropertySource(properties = { "gateway.retry.budget.percent=10", "gateway.retry.budget.min-per-second=0",
		"gateway.balancer.ejection.consecutive-failures=100000",
		"gateway.balancer.ejection.success-rate.enabled=false" })
class GatewayRetryBudgetTests {

	private final TestCluster cluster = TestCluster.get();

	@Autowired
	private WebTestClient client;

	@Autowired
	private RoutePolicies routePolicies;

	@BeforeEach
	void roundRobin() {
		this.routePolicies.set("api", "round-robin", null);
	}

	@Test
	void shouldKeepUpstreamAttemptsPerRequestWithinTheBudget() {
		FakeNode healthy = this.cluster.node("budget-ok");
		FakeNode failing = this.cluster.node("budget-503");
		healthy.answer(200);
		failing.answer(503);
		this.cluster.register(this.client, up(healthy), up(failing));
		int before = healthy.received() + failing.received();

		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			statuses
				.add(this.client.get().uri("/api/whoami").exchange().returnResult(byte[].class).getStatus().value());
		}
		double attemptsPerRequest = (healthy.received() + failing.received() - before) / 200.0;

		assertThat(attemptsPerRequest).isBetween(1.0, 1.2);
		// half the requests reach the failing instance, at most a tenth of all are
		// retried
		assertThat(statuses).filteredOn((status) -> status == 503).hasSizeBetween(75, 100);
		assertThat(statuses).filteredOn((status) -> status == 200).hasSizeBetween(100, 125);
		assertThat(budgetExhausted()).isGreaterThanOrEqualTo(75);
	}

	@Test
	void shouldNoteARetryTheBudgetRefusedInTheDecision() {
		FakeNode failing = this.cluster.node("budget-503");
		failing.answer(503);
		this.cluster.register(this.client, up(failing), up(this.cluster.node("budget-ok")));
		// spend the budget
		for (int i = 0; i < 20; i++) {
			this.client.get().uri("/api/whoami").exchange().returnResult(byte[].class);
		}

		List<String> decisions = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			EntityExchangeResult<byte[]> result = this.client.get()
				.uri("/api/whoami")
				.header("X-LB-Explain", "true")
				.exchange()
				.expectBody()
				.returnResult();
			decisions.add(result.getResponseHeaders().getFirst("X-LB-Decision"));
		}

		assertThat(decisions).anySatisfy((decision) -> assertThat(decision).contains("picked=budget-503",
				"retry after budget-503 status refused by the budget"));
	}

	private double budgetExhausted() {
		String body = this.client.mutate()
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
			.build()
			.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		double total = 0;
		for (String line : body.split("\n")) {
			if (line.startsWith("gateway_lb_retry_budget_exhausted_total{") && line.contains("route=\"api\"")) {
				total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
			}
		}
		return total;
	}

}
