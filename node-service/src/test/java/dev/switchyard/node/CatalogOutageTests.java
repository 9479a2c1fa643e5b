package dev.switchyard.node;

import java.time.Duration;
import java.util.UUID;

import dev.switchyard.test.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The trade-off of local copies when the log's store fails: reads go on from each node's
 * copy, writes fail fast, and every node catches up by itself once Redis is back.
 */
class CatalogOutageTests {

	private static final Duration BOUND = Duration.ofMillis(1500);

	private static final Duration RECOVERY = Duration.ofSeconds(10);

	private static final TestRedis redis = TestRedis.startDurable();

	private static final String STREAM = "switchyard:catalog:test-" + UUID.randomUUID();

	private static ConfigurableApplicationContext writerNode;

	private static ConfigurableApplicationContext readerNode;

	private final NodeClient client = new NodeClient();

	@BeforeAll
	static void startNodes() {
		writerNode = Nodes.start(redis.url(), "node.catalog.stream=" + STREAM);
		readerNode = Nodes.start(redis.url(), "node.catalog.stream=" + STREAM);
	}

	@AfterAll
	static void stopNodesAndRedis() {
		redis.resume();
		writerNode.close();
		readerNode.close();
		redis.close();
	}

	@Test
	void shouldServeReadsAndFailWritesFastWhileRedisHangs() {
		int writer = Nodes.port(writerNode);
		int reader = Nodes.port(readerNode);
		NodeClient.Response before = this.client.put(writer, "/api/catalog/frozen", """
				{"value":"before"}""");
		this.client.get(reader, "/api/catalog/frozen?minVersion=" + before.<Integer>json("$.version"));
		redis.freeze();

		NodeClient.Response write = this.client.put(writer, "/api/catalog/frozen", """
				{"value":"during"}""");
		NodeClient.Response read = this.client.get(reader, "/api/catalog/frozen");
		NodeClient.Response listing = this.client.get(writer, "/api/catalog");
		NodeClient.Response readiness = this.client.get(reader, "/actuator/health/readiness");
		redis.resume();

		assertThat(write.status()).isEqualTo(503);
		assertThat(write.elapsed()).isLessThan(BOUND);
		assertThat(write.header("Content-Type")).startsWith("application/problem+json");
		assertThat(write.header("Retry-After")).isEqualTo("1");
		assertThat(write.<String>json("$.title")).isEqualTo("Data store unavailable");
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.elapsed()).isLessThan(BOUND);
		assertThat(read.<String>json("$.value")).isEqualTo("before");
		assertThat(listing.status()).isEqualTo(200);
		assertThat(readiness.status()).isEqualTo(200);
		NodeClient.Response after = await().atMost(RECOVERY)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.client.put(writer, "/api/catalog/frozen", """
					{"value":"after"}"""), (response) -> response.status() == 200);
		NodeClient.Response caughtUp = this.client.get(reader,
				"/api/catalog/frozen?minVersion=" + after.<Integer>json("$.version"));
		assertThat(caughtUp.status()).isEqualTo(200);
		assertThat(caughtUp.<String>json("$.value")).isEqualTo("after");
	}

	@Test
	void shouldFollowLogAgainAfterConnectionIsKilled() {
		int writer = Nodes.port(writerNode);
		int reader = Nodes.port(readerNode);

		String killed = redis.command("CLIENT KILL TYPE normal");
		NodeClient.Response written = await().atMost(RECOVERY)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.client.put(writer, "/api/catalog/reconnected", """
					{"value":"yes"}"""), (response) -> response.status() == 200);
		NodeClient.Response read = this.client.get(reader,
				"/api/catalog/reconnected?minVersion=" + written.<Integer>json("$.version"));

		assertThat(killed).matches(":[1-9][0-9]*");
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.<String>json("$.value")).isEqualTo("yes");
	}

	@Test
	void shouldStayNotReadyUntilItHasCaughtUp() {
		NodeClient.Response written = this.client.put(Nodes.port(writerNode), "/api/catalog/late", """
				{"value":"known"}""");
		int version = written.<Integer>json("$.version");
		redis.freeze();

		try (ConfigurableApplicationContext late = Nodes.start(redis.url(), "node.catalog.stream=" + STREAM,
				"node.catalog.startup-wait=100ms")) {
			int port = Nodes.port(late);
			NodeClient.Response readiness = this.client.get(port, "/actuator/health/readiness");
			NodeClient.Response read = this.client.get(port, "/api/catalog/late");
			NodeClient.Response whoami = this.client.get(port, "/api/whoami");
			redis.resume();

			assertThat(readiness.status()).isEqualTo(503);
			assertThat(readiness.<String>json("$.components.catalog.status")).isEqualTo("OUT_OF_SERVICE");
			assertThat(read.status()).isEqualTo(503);
			assertThat(read.<String>json("$.title")).isEqualTo("Catalog not loaded");
			assertThat(whoami.status()).isEqualTo(200);
			await().atMost(RECOVERY)
				.pollInterval(Duration.ofMillis(100))
				.untilAsserted(
						() -> assertThat(this.client.get(port, "/actuator/health/readiness").status()).isEqualTo(200));
			NodeClient.Response caughtUp = this.client.get(port, "/api/catalog/late");
			assertThat(caughtUp.status()).isEqualTo(200);
			assertThat(caughtUp.<Integer>json("$.version")).isEqualTo(version);
			assertThat(caughtUp.<String>json("$.value")).isEqualTo("known");
		}
		finally {
			redis.resume();
		}
	}

}
