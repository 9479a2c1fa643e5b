package dev.switchyard.gateway.balancer.overload;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.switchyard.gateway.FakeNode;
import dev.switchyard.gateway.GatewayTest;
import dev.switchyard.gateway.TestCluster;
import dev.switchyard.gateway.balancer.RoutePolicies;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.switchyard.gateway.FakeRegistry.Instance.up;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code maxInFlight} and {@code queueTimeout} through the gateway: the request that
 * finds the only instance full waits, then gets a 503 problem+json with
 * {@code Retry-After}.
 */
@GatewayTest
class OverloadProtectionTests {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private final TestCluster cluster = TestCluster.get();

	@Autowired
	private WebTestClient client;

	@Autowired
	private RoutePolicies routePolicies;

	@AfterEach
	void roundRobin() {
		this.routePolicies.set("api", "round-robin", null);
	}

	@Test
	void shouldAnswer503WithRetryAfterWhenTheQueueTimesOut() {
		FakeNode slow = this.cluster.node("slow-capped");
		slow.answer(200);
		slow.delay(Duration.ofMillis(1500));
		this.cluster.register(this.client, up(slow));
		put(Map.of("policy", "round-robin", "maxInFlight", 1, "queueTimeout", "200ms"));
		CompletableFuture<Integer> first = CompletableFuture.supplyAsync(
				() -> this.client.get().uri("/api/work").exchange().returnResult(String.class).getStatus().value());
		await().atMost(Duration.ofSeconds(5)).until(() -> slow.received() == 1);

		long started = System.nanoTime();
		EntityExchangeResult<Map<String, Object>> second = this.client.get()
			.uri("/api/work")
			.exchange()
			.expectBody(JSON)
			.returnResult();
		Duration waited = Duration.ofNanos(System.nanoTime() - started);

		assertThat(second.getStatus().value()).isEqualTo(503);
		assertThat(second.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(second.getResponseHeaders().getFirst("Retry-After")).isEqualTo("1");
		assertThat((String) second.getResponseBody().get("detail")).contains("maxInFlight 1", "queueTimeout 200ms");
		assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(200)).isLessThan(Duration.ofMillis(1400));
		assertThat(first.join()).isEqualTo(200);
		assertThat(slow.received()).isEqualTo(1);
	}

	private void put(Map<String, Object> body) {
		this.client.put()
			.uri("/admin/lb/routes/api")
			.headers((headers) -> headers.setBearerAuth(TestCluster.ADMIN_TOKEN))
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isOk();
	}

}
