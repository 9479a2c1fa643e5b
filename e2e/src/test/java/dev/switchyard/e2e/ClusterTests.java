package dev.switchyard.e2e;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.HashSet;
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

/**
 * The foundation's promises, on a cluster of real processes: balancing and a session
 * shared through Redis. Stops, kills and restarts under load are in ReliabilityTests.
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

}
