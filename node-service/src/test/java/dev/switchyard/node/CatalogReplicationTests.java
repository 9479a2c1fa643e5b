package dev.switchyard.node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import dev.switchyard.test.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The chapter's consistent per-node copies: several nodes, one log, the same versions
 * everywhere, reads answered locally.
 */
class CatalogReplicationTests {

	private static final TestRedis redis = TestRedis.start();

	private final String stream = "switchyard:catalog:test-" + UUID.randomUUID();

	private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

	private final NodeClient client = new NodeClient();

	@AfterEach
	void stopNodes() {
		this.nodes.forEach(ConfigurableApplicationContext::close);
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@Test
	void shouldConvergeOnEveryNode() throws Exception {
		List<Integer> ports = List.of(startNode(), startNode(), startNode());
		int writesPerNode = 30;

		Map<Long, String> written = new HashMap<>();
		try (ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<Map<Long, String>>> results = new ArrayList<>();
			for (int port : ports) {
				results.add(writers.submit(() -> write(port, writesPerNode)));
			}
			for (Future<Map<Long, String>> result : results) {
				written.putAll(result.get(30, TimeUnit.SECONDS));
			}
		}
		long last = (long) writesPerNode * ports.size();
		List<NodeClient.Response> listings = ports.stream()
			.map((port) -> this.client.get(port, "/api/catalog?minVersion=" + last))
			.toList();

		assertThat(written.keySet())
			.containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, last).boxed().toList());
		assertThat(listings).allSatisfy((listing) -> {
			assertThat(listing.status()).isEqualTo(200);
			assertThat(listing.<Integer>json("$.version")).isEqualTo((int) last);
			assertThat(listing.header("X-Catalog-Version")).isEqualTo(String.valueOf(last));
		});
		assertThat(listings.stream().map((listing) -> listing.<List<?>>json("$.entries")).distinct()).hasSize(1);
		assertThat(listings.stream().map((listing) -> listing.<String>json("$.instanceId")).distinct()).hasSize(3);
		assertThat(listings.get(0).<List<Map<String, Object>>>json("$.entries")).allSatisfy((entry) -> {
			long version = ((Number) entry.get("version")).longValue();
			assertThat(written.get(version)).isEqualTo(entry.get("key") + "=" + entry.get("value"));
			assertThat(written.entrySet()
				.stream()
				.filter((write) -> write.getValue().startsWith(entry.get("key") + "="))
				.mapToLong(Map.Entry::getKey)
				.max()).hasValue(version);
		});
	}

	@Test
	void shouldReadYourWritesThroughAnotherNode() {
		int writer = startNode();
		int reader = startNode();

		NodeClient.Response first = this.client.put(writer, "/api/catalog/greeting", """
				{"value":"hello"}""");
		NodeClient.Response byQuery = this.client.get(reader,
				"/api/catalog/greeting?minVersion=" + first.<Integer>json("$.version"));
		NodeClient.Response second = this.client.put(writer, "/api/catalog/greeting", """
				{"value":"hello again"}""");
		NodeClient.Response byHeader = this.client.get(reader, "/api/catalog/greeting", "X-Min-Version",
				String.valueOf(second.<Integer>json("$.version")));

		assertThat(first.status()).isEqualTo(200);
		assertThat(first.<Integer>json("$.version")).isEqualTo(1);
		assertThat(byQuery.status()).isEqualTo(200);
		assertThat(byQuery.<String>json("$.value")).isEqualTo("hello");
		assertThat(byQuery.<String>json("$.instanceId")).isNotEqualTo(first.json("$.instanceId"));
		assertThat(second.<Integer>json("$.version")).isEqualTo(2);
		assertThat(byHeader.status()).isEqualTo(200);
		assertThat(byHeader.<String>json("$.value")).isEqualTo("hello again");
		assertThat(byHeader.<Integer>json("$.version")).isEqualTo(2);
	}

	@Test
	void shouldRegisterAndReportReadyOnlyWithEveryEarlierWrite() {
		int writer = startNode();
		for (int i = 0; i < 100; i++) {
			assertThat(this.client.put(writer, "/api/catalog/item-" + i, "{\"value\":\"" + i + "\"}").status())
				.isEqualTo(200);
		}
		NodeClient observer = new NodeClient();

		try (RecordingRegistry registry = new RecordingRegistry((port) -> observer.get(port, "/api/catalog").body())) {
			int late = startNode("registry.client.urls=" + registry.url(),
					"registry.client.registration.drain-delay=0s");
			NodeClient.Response readiness = this.client.get(late, "/actuator/health/readiness");
			NodeClient.Response listing = this.client.get(late, "/api/catalog");
			await().atMost(Duration.ofSeconds(10)).until(() -> !registry.observations().isEmpty());

			assertThat(readiness.status()).isEqualTo(200);
			assertThat(readiness.<String>json("$.components.catalog.status")).isEqualTo("UP");
			assertThat(listing.<Integer>json("$.version")).isEqualTo(100);
			assertThat(listing.<List<?>>json("$.entries")).hasSize(100);
			assertThat(registry.observations().get(0)).contains("\"version\":100");
		}
	}

	@Test
	void shouldMeasureReplicationLagAndVersion() {
		int writer = startNode();
		int reader = startNode();
		this.client.put(writer, "/api/catalog/measured", """
				{"value":"x"}""");
		this.client.get(reader, "/api/catalog/measured?minVersion=1");

		NodeClient.Response metrics = this.client.get(reader, "/actuator/prometheus");

		assertThat(metrics.status()).isEqualTo(200);
		assertThat(metrics.body()).containsPattern("node_catalog_lag_seconds_count\\{[^}]*\\} 1\n")
			.containsPattern("node_catalog_lag_seconds_bucket\\{[^}]*le=\"5.0\"\\} 1\n")
			.containsPattern("node_catalog_lag_seconds_bucket\\{[^}]*le=\"\\+Inf\"\\} 1\n")
			.containsPattern("node_catalog_version\\{[^}]*\\} 1.0")
			.containsPattern("node_catalog_entries\\{[^}]*\\} 1.0");
	}

	private Map<Long, String> write(int port, int count) {
		NodeClient writer = new NodeClient();
		Map<Long, String> versions = new HashMap<>();
		for (int i = 0; i < count; i++) {
			String key = "sku-" + (i % 10);
			String value = port + "-" + i;
			NodeClient.Response response = writer.put(port, "/api/catalog/" + key, "{\"value\":\"" + value + "\"}");
			assertThat(response.status()).isEqualTo(200);
			versions.put(response.<Number>json("$.version").longValue(), key + "=" + value);
		}
		return versions;
	}

	private int startNode(String... properties) {
		List<String> all = new ArrayList<>(List.of("node.catalog.stream=" + this.stream));
		all.addAll(List.of(properties));
		ConfigurableApplicationContext node = Nodes.start(redis.url(), all.toArray(String[]::new));
		this.nodes.add(node);
		return Nodes.port(node);
	}

}
