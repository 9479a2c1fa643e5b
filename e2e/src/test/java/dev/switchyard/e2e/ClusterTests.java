package dev.switchyard.e2e;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The foundation's promises, on a cluster of real processes: balancing, a session shared
 * through Redis, a graceful stop that no client notices, and a killed node leaving the
 * routing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTests {

	private LocalCluster cluster;

	@BeforeAll
	void startCluster() {
		this.cluster = LocalCluster.start(3);
	}

	@AfterAll
	void stopCluster() {
		if (this.cluster != null) {
			this.cluster.close();
		}
	}

	@Test
	@Order(1)
	void shouldSpreadThirtyRequestsTenToEachOfThreeNodes() {
		Http http = Http.withoutCookies();
		Map<String, Integer> servedBy = new HashMap<>();

		for (int i = 0; i < 30; i++) {
			HttpResponse<String> response = http.get(this.cluster.gatewayUrl() + "/api/whoami");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("X-LB-Policy")).hasValue("round-robin");
			String node = response.headers().firstValue("X-Served-By").orElseThrow();
			assertThat(Http.json(response).path("instanceId").asString()).isEqualTo(node);
			servedBy.merge(node, 1, Integer::sum);
		}

		assertThat(servedBy).containsOnly(Map.entry("node-1", 10), Map.entry("node-2", 10), Map.entry("node-3", 10));
	}

	@Test
	@Order(2)
	void shouldReadACartItemBackThroughEveryNode() {
		Http user = Http.withCookies();

		HttpResponse<String> added = user.postJson(this.cluster.gatewayUrl() + "/api/cart/items",
				"{\"sku\":\"apple\",\"qty\":2}");

		assertThat(added.statusCode()).isBetween(200, 201);
		Set<String> readBy = new HashSet<>();
		for (int i = 0; i < 6; i++) {
			HttpResponse<String> cart = user.get(this.cluster.gatewayUrl() + "/api/cart");
			assertThat(cart.statusCode()).isEqualTo(200);
			JsonNode items = Http.json(cart).path("items");
			assertThat(items).hasSize(1);
			assertThat(items.get(0).path("sku").asString()).isEqualTo("apple");
			assertThat(items.get(0).path("qty").asInt()).isEqualTo(2);
			readBy.add(cart.headers().firstValue("X-Served-By").orElseThrow());
		}
		assertThat(readBy).containsExactlyInAnyOrder("node-1", "node-2", "node-3");
	}

	@Test
	@Order(3)
	void shouldFailNoRequestWhileTheRegistryIsKilledAndRestarted() {
		try (LoadGenerator load = LoadGenerator.start(this.cluster.gatewayUrl() + "/api/whoami", 4)) {
			await().atMost(Duration.ofSeconds(30)).until(() -> load.succeeded() >= 50);

			this.cluster.restartRegistry();
			long restartedAt = System.nanoTime();

			await().atMost(Duration.ofSeconds(10)).until(() -> this.cluster.upInstanceIds().size() == 3);
			Duration repopulated = Duration.ofNanos(System.nanoTime() - restartedAt);
			long afterRepopulation = load.succeeded();
			await().atMost(Duration.ofSeconds(30)).until(() -> load.succeeded() >= afterRepopulation + 200);
			load.close();
			System.out.println("registry repopulated " + repopulated.toMillis() + " ms after it was ready again; "
					+ load.succeeded() + " requests, " + load.failures().size() + " failed");
			assertThat(load.failures()).as("requests failed while the registry restarted").isEmpty();
			assertThat(repopulated).as("one heartbeat interval").isLessThanOrEqualTo(Duration.ofMillis(3500));
		}
	}

	@Test
	@Order(4)
	void shouldFailNoRequestWhileANodeStopsOnSigterm() {
		ManagedProcess node = this.cluster.node("node-1");
		try (LoadGenerator load = LoadGenerator.start(this.cluster.gatewayUrl() + "/api/whoami", 4)) {
			await().atMost(Duration.ofSeconds(30)).until(() -> load.servedBy("node-1") >= 20);

			node.terminate();

			assertThat(node.awaitExit(60)).as("node-1 exits after SIGTERM").isTrue();
			long afterExit = load.succeeded();
			await().atMost(Duration.ofSeconds(30)).until(() -> load.succeeded() >= afterExit + 200);
			load.close();
			assertThat(load.failures()).as("requests failed while node-1 drained").isEmpty();
		}
		assertThat(this.cluster.instanceIds()).doesNotContain("node-1");
	}

	@Test
	@Order(5)
	void shouldMarkAKilledNodeDownWithinASecondWithoutFailingARequest() {
		ManagedProcess node = this.cluster.node("node-2");
		try (LoadGenerator load = LoadGenerator.start(this.cluster.gatewayUrl() + "/api/whoami", 4)) {
			await().atMost(Duration.ofSeconds(30)).until(() -> load.servedBy("node-2") >= 20);
			long killedAt = System.nanoTime();

			node.kill();

			await().atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(20))
				.until(() -> !this.cluster.upInstanceIds().contains("node-2"));
			Duration down = Duration.ofNanos(System.nanoTime() - killedAt);
			long afterDown = load.succeeded();
			await().atMost(Duration.ofSeconds(30)).until(() -> load.succeeded() >= afterDown + 200);
			load.close();
			System.out.println("node-2 was DOWN " + down.toMillis() + " ms after SIGKILL; " + load.succeeded()
					+ " requests, " + load.failures().size() + " failed");
			assertThat(down).isLessThanOrEqualTo(Duration.ofMillis(1000));
			assertThat(load.failures()).as("requests failed after node-2 was killed").isEmpty();
		}
		Http http = Http.withoutCookies();
		List<String> servedBy = new java.util.ArrayList<>();
		for (int i = 0; i < 20; i++) {
			HttpResponse<String> response = http.get(this.cluster.gatewayUrl() + "/api/whoami");
			assertThat(response.statusCode()).isEqualTo(200);
			servedBy.add(response.headers().firstValue("X-Served-By").orElseThrow());
		}
		assertThat(servedBy).containsOnly("node-3");
	}

}
