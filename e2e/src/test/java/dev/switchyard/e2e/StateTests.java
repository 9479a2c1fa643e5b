package dev.switchyard.e2e;

import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
 * The foundation's promises and the kinds of server state across real processes: exact
 * round robin, a cart read back through every node, copies that converge and catch up,
 * jobs cancelled out of band, and a session that outlives its node (faults under load are
 * in ReliabilityTests).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StateTests {

	private static final int WRITES = 200;

	private LocalCluster cluster;

	private final Http http = Http.withoutCookies();

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
	@Order(-2)
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
	@Order(-1)
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
	@Order(1)
	void shouldConvergeTheCatalogOnEveryNodeWithin200MillisecondsAtP99() throws Exception {
		List<String> nodes = List.of(this.cluster.nodeUrl("node-1"), this.cluster.nodeUrl("node-2"),
				this.cluster.nodeUrl("node-3"));
		List<Long> convergence = new ArrayList<>();

		try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < WRITES; i++) {
				String key = "key-" + (i % 20);
				HttpResponse<String> written = put(this.cluster.gatewayUrl() + "/api/catalog/" + key,
						"{\"value\":\"v" + i + "\"}");
				assertThat(written.statusCode()).as(written.body()).isEqualTo(200);
				long version = Http.json(written).path("version").asLong();
				long acknowledged = System.nanoTime();
				List<Future<Integer>> reads = new ArrayList<>();
				for (String node : nodes) {
					reads.add(readers.submit(
							() -> this.http.get(node + "/api/catalog/" + key + "?minVersion=" + version).statusCode()));
				}
				for (Future<Integer> read : reads) {
					assertThat(read.get()).isEqualTo(200);
				}
				convergence.add(Duration.ofNanos(System.nanoTime() - acknowledged).toMillis());
			}
		}

		Collections.sort(convergence);
		long p50 = convergence.get(WRITES / 2);
		long p99 = convergence.get(WRITES * 99 / 100);
		System.out.printf("catalog convergence on 3 nodes over %d writes: p50 %d ms, p99 %d ms, max %d ms%n", WRITES,
				p50, p99, convergence.get(WRITES - 1));
		assertThat(p99).isLessThanOrEqualTo(200);
		List<Long> versions = new ArrayList<>();
		for (String node : nodes) {
			versions.add(Http.json(this.http.get(node + "/api/catalog")).path("version").asLong());
		}
		assertThat(versions).containsOnly(versions.get(0));
	}

	@Test
	@Order(2)
	void shouldCatchUpARestartedNodeBeforeItTakesTraffic() {
		ManagedProcess node = this.cluster.node("node-3");
		node.terminate();
		assertThat(node.awaitExit(60)).isTrue();
		long last = 0;
		for (int i = 0; i < 100; i++) {
			last = Http.json(put(this.cluster.gatewayUrl() + "/api/catalog/missed-" + i, "{\"value\":\"x\"}"))
				.path("version")
				.asLong();
		}

		this.cluster.startNode("node-3");
		await().atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> this.cluster.upInstanceIds().contains("node-3"));

		HttpResponse<String> catalog = this.http.get(this.cluster.nodeUrl("node-3") + "/api/catalog");
		assertThat(Http.json(catalog).path("version").asLong()).isGreaterThanOrEqualTo(last);
	}

	@Test
	@Order(3)
	void shouldCancelAJobThroughAnotherNode() {
		HttpResponse<String> started = Http.withoutCookies()
			.postJson(this.cluster.gatewayUrl() + "/api/jobs", "{\"durationMs\":60000}");
		assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
		String id = Http.json(started).path("id").asString();
		String owner = Http.json(started).path("instanceId").asString();
		String other = List.of("node-1", "node-2", "node-3")
			.stream()
			.filter((n) -> !n.equals(owner))
			.findFirst()
			.orElseThrow();

		HttpResponse<String> cancelled = this.http.send(
				HttpRequest.newBuilder(java.net.URI.create(this.cluster.nodeUrl(other) + "/api/jobs/" + id)).DELETE());

		assertThat(cancelled.statusCode()).as(cancelled.body()).isIn(202, 204);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> Http.json(this.http.get(this.cluster.nodeUrl(owner) + "/api/jobs/" + id))
				.path("state")
				.asString()
				.equals("CANCELLED"));
	}

	@Test
	@Order(5)
	void shouldKeepACartWhenTheNodeThatWroteItIsKilled() {
		Http user = Http.withCookies();
		HttpResponse<String> written = user.postJson(this.cluster.gatewayUrl() + "/api/cart/items",
				"{\"sku\":\"fig\",\"qty\":3}");
		String writer = Http.json(written).path("instanceId").asString();

		this.cluster.node(writer).kill();

		HttpResponse<String> read = user.get(this.cluster.gatewayUrl() + "/api/cart");
		assertThat(read.statusCode()).isEqualTo(200);
		assertThat(read.headers().firstValue("X-Served-By")).isPresent().isNotEqualTo(java.util.Optional.of(writer));
		assertThat(Http.json(read).path("items").get(0).path("qty").asInt()).isEqualTo(3);
	}

	private HttpResponse<String> put(String url, String json) {
		return this.http.send(HttpRequest.newBuilder(java.net.URI.create(url))
			.header("Content-Type", "application/json")
			.PUT(BodyPublishers.ofString(json)));
	}

}
