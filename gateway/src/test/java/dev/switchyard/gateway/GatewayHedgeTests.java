package dev.switchyard.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.switchyard.gateway.admin.InstanceState;
import dev.switchyard.gateway.admin.LoadBalancerState;
import dev.switchyard.gateway.balancer.RoutePolicies;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.switchyard.gateway.FakeRegistry.Instance.up;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hedged requests with a fixed delay of 50 ms, in front of one instance that takes two
 * seconds and one that answers at once.
 */
@GatewayTest
@TestPropertySource(properties = "gateway.retry.hedge=50ms")
class GatewayHedgeTests {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private final TestCluster cluster = TestCluster.get();

	@Autowired
	private WebTestClient client;

	@Autowired
	private RoutePolicies routePolicies;

	private FakeNode slow;

	private FakeNode fast;

	@BeforeEach
	void slowAndFast() {
		this.routePolicies.set("api", "round-robin", null);
		this.slow = this.cluster.node("hedge-slow");
		this.fast = this.cluster.node("hedge-fast");
		this.slow.answer(200);
		this.fast.answer(200);
		this.slow.delay(Duration.ofSeconds(2));
		this.cluster.register(this.client, up(this.slow), up(this.fast));
	}

	@AfterEach
	void noDelay() {
		this.slow.delay(Duration.ZERO);
	}

	@Test
	void shouldAnswerFromTheSecondInstanceAndCancelTheSlowFirst() {
		int slowBefore = this.slow.received();

		List<String> servedBy = new ArrayList<>();
		List<Long> millis = new ArrayList<>();
		List<String> decisions = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			long start = System.nanoTime();
			EntityExchangeResult<Map<String, Object>> result = this.client.get()
				.uri("/api/whoami")
				.header("X-LB-Explain", "true")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(JSON)
				.returnResult();
			millis.add((System.nanoTime() - start) / 1_000_000);
			servedBy.add(result.getResponseHeaders().getFirst("X-Served-By"));
			assertThat(result.getResponseBody()).containsEntry("instanceId", "hedge-fast");
			decisions.add(result.getResponseHeaders().getFirst("X-LB-Decision"));
		}

		assertThat(servedBy).containsOnly("hedge-fast");
		assertThat(millis).allSatisfy((elapsed) -> assertThat(elapsed).isLessThan(1500));
		assertThat(decisions).anySatisfy((decision) -> assertThat(decision)
			.contains("hedged on hedge-fast after hedge-slow took 50ms", "hedge on hedge-fast answered first"));
		// the slow instance got its share of first attempts, each cancelled
		assertThat(this.slow.received() - slowBefore).isPositive();
		assertThat(instance("hedge-slow").inFlight()).isZero();
		assertThat(instance("hedge-fast").inFlight()).isZero();
	}

	@Test
	void shouldNotHedgeARequestThatMayNotBeSentTwice() {
		List<String> servedBy = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			EntityExchangeResult<Map<String, Object>> result = this.client.post()
				.uri("/api/items")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{}")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(JSON)
				.returnResult();
			servedBy.add(result.getResponseHeaders().getFirst("X-Served-By"));
		}

		assertThat(servedBy).containsExactlyInAnyOrder("hedge-slow", "hedge-fast");
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(instance("hedge-slow").inFlight()).isZero());
	}

	private InstanceState instance(String instanceId) {
		LoadBalancerState state = this.client.get()
			.uri("/admin/lb")
			.headers((headers) -> headers.setBearerAuth(TestCluster.ADMIN_TOKEN))
			.exchange()
			.expectBody(LoadBalancerState.class)
			.returnResult()
			.getResponseBody();
		return state.instances()
			.stream()
			.filter((candidate) -> candidate.instanceId().equals(instanceId))
			.findFirst()
			.orElseThrow();
	}

}
