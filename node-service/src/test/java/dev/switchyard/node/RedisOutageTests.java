package dev.switchyard.node;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.switchyard.test.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node whose Redis hangs, resumes and dies: session calls answer 503 problem+json
 * within a bounded time, stateless calls and the probes are unaffected, and the node
 * recovers on its own.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisOutageTests {

	private static final Duration BOUND = Duration.ofMillis(1500);

	private static final TestRedis redis = TestRedis.startDurable();

	@LocalServerPort
	private int port;

	private final NodeClient client = new NodeClient();

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		Nodes.testProperties(redis.url()).forEach((property) -> {
			int equals = property.indexOf('=');
			registry.add(property.substring(0, equals), () -> property.substring(equals + 1));
		});
	}

	@AfterAll
	static void stopRedis() {
		redis.resume();
		redis.close();
	}

	/**
	 * An outage must find the node ready. Its catalog loads from Redis at start, and a
	 * node that has not caught up within {@code node.catalog.startup-wait} (its first
	 * reads timing out on a loaded machine) starts anyway and stays not ready until it
	 * has: Redis frozen at that moment would then keep readiness at 503 for a reason of
	 * its own.
	 */
	@BeforeEach
	void awaitReady() {
		await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(100))
			.untilAsserted(
					() -> assertThat(this.client.get(this.port, "/actuator/health/readiness").status()).isEqualTo(200));
	}

	@Test
	@Order(1)
	void shouldAnswer503WhileRedisHangsAndRecoverWhenItResumes() throws Exception {
		assertThat(this.client.post(this.port, "/api/cart/items", """
				{"sku":"apple","qty":2}""").status()).isEqualTo(201);
		redis.freeze();

		NodeClient.Response cart = this.client.get(this.port, "/api/cart");
		NodeClient.Response newCart = new NodeClient().post(this.port, "/api/cart/items", """
				{"sku":"apple","qty":1}""");
		NodeClient.Response whoami = this.client.get(this.port, "/api/whoami");
		NodeClient.Response readiness = this.client.get(this.port, "/actuator/health/readiness");
		redis.resume();

		assertUnavailable(cart);
		assertUnavailable(newCart);
		assertThat(whoami.status()).isEqualTo(200);
		assertThat(whoami.elapsed()).isLessThan(BOUND);
		assertThat(readiness.status()).as(readiness.body()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.untilAsserted(() -> assertThat(this.client.get(this.port, "/api/cart").status()).isEqualTo(200));
		assertThat(this.client.get(this.port, "/api/cart").<List<Integer>>json("$.items[*].qty")).containsExactly(2);
	}

	@Test
	@Order(2)
	void shouldAnswer503AtOnceWhenRedisIsGoneAndKeepStatelessCallsWorking() throws Exception {
		assertThat(this.client.post(this.port, "/api/cart/items", """
				{"sku":"apple","qty":2}""").status()).isEqualTo(201);
		redis.process().destroy();
		assertThat(redis.process().waitFor(10, TimeUnit.SECONDS)).isTrue();

		NodeClient.Response cart = this.client.get(this.port, "/api/cart");
		NodeClient.Response added = this.client.post(this.port, "/api/cart/items", """
				{"sku":"pear","qty":1}""");
		NodeClient.Response counter = this.client.post(this.port, "/api/local/counter", "");
		NodeClient.Response whoami = this.client.get(this.port, "/api/whoami");
		NodeClient.Response work = this.client.get(this.port, "/api/work?cpuMs=1&ioMs=1");
		NodeClient.Response liveness = this.client.get(this.port, "/actuator/health/liveness");
		NodeClient.Response readiness = this.client.get(this.port, "/actuator/health/readiness");
		NodeClient.Response health = this.client.get(this.port, "/actuator/health");

		assertUnavailable(cart);
		assertUnavailable(added);
		assertUnavailable(counter);
		assertThat(whoami.status()).isEqualTo(200);
		assertThat(work.status()).isEqualTo(200);
		assertThat(liveness.status()).isEqualTo(200);
		assertThat(readiness.status()).as(readiness.body()).isEqualTo(200);
		// The overall health shows Redis DOWN for operators; the registry checks
		// readiness.
		assertThat(health.status()).isEqualTo(503);
		assertThat(health.<String>json("$.components.redis.status")).isEqualTo("DOWN");
	}

	private void assertUnavailable(NodeClient.Response response) {
		assertThat(response.status()).isEqualTo(503);
		assertThat(response.elapsed()).isLessThan(BOUND);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.header("Retry-After")).isEqualTo("1");
		assertThat(response.header("X-Instance-Id")).isNotBlank();
		assertThat(response.<String>json("$.instanceId")).isEqualTo(response.header("X-Instance-Id"));
		assertThat(response.<Integer>json("$.status")).isEqualTo(503);
	}

}
