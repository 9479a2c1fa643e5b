package dev.switchyard.node;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import dev.switchyard.node.session.ScriptedRedisSessionRepository;
import dev.switchyard.test.RedisMonitor;
import dev.switchyard.test.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.session.SessionRepository;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chapter's point: state in the session lives in Redis, so every node serves it,
 * while state in a node's memory is seen by that node only.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@DirtiesContext
class SharedSessionTests {

	private static final TestRedis redis = TestRedis.start();

	private static final String SESSION_KEYS = "spring:session:";

	@LocalServerPort
	private int port;

	@Autowired
	private SessionRepository<?> sessionRepository;

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
		redis.close();
	}

	@Test
	void shouldUseRedisSessionRepository() {
		assertThat(this.sessionRepository).isInstanceOf(ScriptedRedisSessionRepository.class);
	}

	@Test
	void shouldTakeOneRoundTripToRedisToShowACartOrStartOne() {
		NodeClient warm = new NodeClient();
		warm.post(this.port, "/api/cart/items", """
				{"sku":"fig","qty":1}""");
		warm.get(this.port, "/api/cart");

		try (RedisMonitor monitor = RedisMonitor.start(redis)) {
			List<String> firstItem = monitor.commandsDuring(() -> this.client.post(this.port, "/api/cart/items", """
					{"sku":"apple","qty":1}"""), SESSION_KEYS);
			List<String> shown = monitor.commandsDuring(() -> this.client.get(this.port, "/api/cart"), SESSION_KEYS);
			List<String> secondItem = monitor.commandsDuring(() -> this.client.post(this.port, "/api/cart/items", """
					{"sku":"pear","qty":1}"""), SESSION_KEYS);
			List<String> stateless = monitor.commandsDuring(() -> this.client.get(this.port, "/api/whoami"),
					SESSION_KEYS);

			assertThat(firstItem).hasSize(1).allMatch((command) -> command.startsWith("EVALSHA"));
			assertThat(shown).hasSize(1).allMatch((command) -> command.startsWith("EVALSHA"));
			// a read and a write: the least a change to an existing session takes
			assertThat(secondItem).hasSize(2).allMatch((command) -> command.startsWith("EVALSHA"));
			assertThat(stateless).isEmpty();
		}
		assertThat(this.client.get(this.port, "/api/cart").<List<String>>json("$.items[*].sku"))
			.containsExactly("apple", "pear");
	}

	@Test
	void shouldKeepCartAcrossRequests() {
		this.client.post(this.port, "/api/cart/items", """
				{"sku":"apple","qty":2}""");
		this.client.post(this.port, "/api/cart/items", """
				{"sku":"pear","qty":1}""");

		NodeClient.Response cart = this.client.get(this.port, "/api/cart");

		assertThat(cart.status()).isEqualTo(200);
		assertThat(cart.<List<String>>json("$.items[*].sku")).containsExactly("apple", "pear");
		assertThat(cart.<Integer>json("$.totalQuantity")).isEqualTo(3);
	}

	@Test
	void shouldChangeTheSessionIdWhenAnExistingSessionGetsItsFirstCartItem() {
		this.client.post(this.port, "/api/local/counter", "{}");
		String before = this.client.session().orElseThrow();

		NodeClient.Response added = this.client.post(this.port, "/api/cart/items", """
				{"sku":"apple","qty":1}""");
		String after = this.client.session().orElseThrow();
		NodeClient stale = new NodeClient();
		stale.session(before);

		assertThat(added.status()).isEqualTo(201);
		assertThat(after).isNotEqualTo(before);
		assertThat(stale.get(this.port, "/api/cart").<Integer>json("$.totalQuantity")).isZero();
		assertThat(this.client.get(this.port, "/api/cart").<Integer>json("$.totalQuantity")).isEqualTo(1);
	}

	@Test
	void shouldStartWithEmptyCartAndNoCookie() {
		NodeClient.Response cart = this.client.get(this.port, "/api/cart");

		assertThat(cart.status()).isEqualTo(200);
		assertThat(cart.<Integer>json("$.totalQuantity")).isZero();
		assertThat(cart.headers("Set-Cookie")).isEmpty();
	}

	@Test
	void shouldSetHttpOnlyLaxSessionCookie() {
		NodeClient.Response added = this.client.post(this.port, "/api/cart/items", """
				{"sku":"apple","qty":1}""");

		assertThat(added.status()).isEqualTo(201);
		assertThat(added.header("Set-Cookie")).startsWith("SESSION=")
			.contains("; Path=/", "; HttpOnly", "; SameSite=Lax")
			.doesNotContain("Secure");
	}

	@Test
	void shouldKeepSessionInRedis() {
		this.client.post(this.port, "/api/cart/items", """
				{"sku":"apple","qty":1}""");

		String sessionId = new String(Base64.getDecoder().decode(this.client.session().orElseThrow()),
				StandardCharsets.UTF_8);

		assertThat(redis.command("EXISTS spring:session:sessions:" + sessionId)).isEqualTo(":1");
		assertThat(redis.command("HEXISTS spring:session:sessions:" + sessionId + " sessionAttr:switchyard.cart"))
			.isEqualTo(":1");
	}

	@Test
	void shouldEmptyCart() {
		this.client.post(this.port, "/api/cart/items", """
				{"sku":"apple","qty":1}""");

		NodeClient.Response deleted = this.client.delete(this.port, "/api/cart");

		assertThat(deleted.status()).isEqualTo(204);
		assertThat(this.client.get(this.port, "/api/cart").<Integer>json("$.totalQuantity")).isZero();
	}

	@Test
	void shouldServeSameCartFromEveryNode() {
		try (ConfigurableApplicationContext other = Nodes.start(redis.url())) {
			int otherPort = Nodes.port(other);
			this.client.post(this.port, "/api/cart/items", """
					{"sku":"apple","qty":2}""");
			this.client.post(otherPort, "/api/cart/items", """
					{"sku":"apple","qty":3}""");

			NodeClient.Response fromThis = this.client.get(this.port, "/api/cart");
			NodeClient.Response fromOther = this.client.get(otherPort, "/api/cart");

			assertThat(fromThis.<String>json("$.instanceId")).isNotEqualTo(fromOther.<String>json("$.instanceId"));
			assertThat(fromThis.header("X-Instance-Id")).isEqualTo(fromThis.<String>json("$.instanceId"));
			assertThat(fromOther.header("X-Instance-Id")).isEqualTo(fromOther.<String>json("$.instanceId"));
			assertThat(fromThis.<List<Integer>>json("$.items[*].qty")).containsExactly(5);
			assertThat(fromOther.<List<Integer>>json("$.items[*].qty")).containsExactly(5);
		}
	}

	@Test
	void shouldKeepLocalCounterOnOneNodeOnly() {
		try (ConfigurableApplicationContext other = Nodes.start(redis.url())) {
			int otherPort = Nodes.port(other);
			this.client.post(this.port, "/api/local/counter", "");
			this.client.post(this.port, "/api/local/counter", "");

			NodeClient.Response here = this.client.get(this.port, "/api/local/counter");
			NodeClient.Response there = this.client.get(otherPort, "/api/local/counter");

			assertThat(here.<Integer>json("$.count")).isEqualTo(2);
			assertThat(there.<Integer>json("$.count")).isZero();
			assertThat(there.<String>json("$.sessionId")).isEqualTo(here.json("$.sessionId"));
		}
	}

}
