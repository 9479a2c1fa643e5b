package dev.switchyard.node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.switchyard.node.catalog.CatalogLog;
import dev.switchyard.node.catalog.CatalogReplicator;
import dev.switchyard.test.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The catalog's log trimmed behind a snapshot: however many writes, the stream keeps
 * about {@code node.catalog.retain} entries, and a node that starts, or falls further
 * behind than that, still gets every key.
 */
class CatalogSnapshotTests {

	private static final TestRedis redis = TestRedis.start();

	private static final int RETAIN = 100;

	private static final int KEYS = 250;

	private final String stream = "switchyard:catalog:snapshot-test-" + UUID.randomUUID();

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
	void shouldKeepTheStreamBoundedAndGiveANewNodeEveryKey() {
		ConfigurableApplicationContext writer = startNode();
		int writes = 5_000;

		write(writer, 0, writes);
		long length = streamLength();
		ConfigurableApplicationContext late = startNode();
		NodeClient.Response listing = this.client.get(Nodes.port(late), "/api/catalog");

		assertThat(length).isBetween(1L, (long) RETAIN + 100);
		assertThat(redis.command("HLEN " + this.stream + ":snapshot")).isEqualTo(":" + (KEYS + 2));
		assertThat(listing.status()).isEqualTo(200);
		assertThat(listing.<Integer>json("$.version")).isEqualTo(writes);
		assertThat(listing.<List<Map<String, Object>>>json("$.entries")).hasSize(KEYS)
			.allSatisfy((entry) -> assertThat(entry.get("value")).isEqualTo(lastValue(entry, writes)));
	}

	@Test
	void shouldReloadTheSnapshotWhenFallenBehindWhatTheStreamKeeps() {
		ConfigurableApplicationContext writer = startNode();
		ConfigurableApplicationContext follower = startNode();
		write(writer, 0, 10);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.client.get(Nodes.port(follower), "/api/catalog").<Integer>json("$.version") == 10);
		CatalogReplicator replicator = follower.getBean(CatalogReplicator.class);

		replicator.stop();
		write(writer, 10, 2_010);
		replicator.start();

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(
					() -> assertThat(this.client.get(Nodes.port(follower), "/api/catalog").<Integer>json("$.version"))
						.isEqualTo(2_010));
		NodeClient.Response listing = this.client.get(Nodes.port(follower), "/api/catalog");
		assertThat(streamLength()).isLessThanOrEqualTo(RETAIN + 100);
		assertThat(listing.<List<Map<String, Object>>>json("$.entries")).hasSize(KEYS)
			.allSatisfy((entry) -> assertThat(entry.get("value")).isEqualTo(lastValue(entry, 2_010)));
	}

	@Test
	void shouldFoldALogWrittenBeforeSnapshotsIntoTheFirstOne() {
		redis.command("XADD " + this.stream + " * version 1 key legacy-a value old-a");
		redis.command("XADD " + this.stream + " * version 2 key legacy-b value old-b");
		ConfigurableApplicationContext writer = startNode();

		NodeClient.Response put = this.client.put(Nodes.port(writer), "/api/catalog/fresh", """
				{"value":"new"}""");
		ConfigurableApplicationContext late = startNode();
		NodeClient.Response listing = this.client.get(Nodes.port(late), "/api/catalog");

		assertThat(put.<Integer>json("$.version")).isEqualTo(3);
		assertThat(listing.<Integer>json("$.version")).isEqualTo(3);
		assertThat(listing.<List<String>>json("$.entries[*].key")).containsExactly("fresh", "legacy-a", "legacy-b");
		assertThat(listing.<List<String>>json("$.entries[*].value")).containsExactly("new", "old-a", "old-b");
	}

	/**
	 * Write through the node's own log: version {@code i + 1} writes
	 * {@code key-(i % KEYS)} with value {@code v-i}.
	 */
	private void write(ConfigurableApplicationContext node, int from, int to) {
		CatalogLog log = node.getBean(CatalogLog.class);
		for (int i = from; i < to; i++) {
			assertThat(log.append("key-" + (i % KEYS), "v-" + i)).isEqualTo(i + 1);
		}
	}

	private static String lastValue(Map<String, Object> entry, int writes) {
		int key = Integer.parseInt(((String) entry.get("key")).substring("key-".length()));
		int last = key + ((writes - 1 - key) / KEYS) * KEYS;
		return "v-" + last;
	}

	private long streamLength() {
		return Long.parseLong(redis.command("XLEN " + this.stream).substring(1));
	}

	private ConfigurableApplicationContext startNode() {
		ConfigurableApplicationContext node = Nodes.start(redis.url(), "node.catalog.stream=" + this.stream,
				"node.catalog.retain=" + RETAIN);
		this.nodes.add(node);
		return node;
	}

}
