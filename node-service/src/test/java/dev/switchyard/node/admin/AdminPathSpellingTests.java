package dev.switchyard.node.admin;

import java.util.List;
import java.util.Map;

import dev.switchyard.node.NodeWebMvcTest;
import dev.switchyard.node.chaos.ChaosMonkey;
import dev.switchyard.node.chaos.ChaosSettings;
import dev.switchyard.test.FreePorts;
import dev.switchyard.test.spelling.Handler;
import dev.switchyard.test.spelling.HandlerMappings;
import dev.switchyard.test.spelling.ProtectedCalls;
import dev.switchyard.test.spelling.ReachedHandlers;
import dev.switchyard.test.spelling.ReachedHandlersMvcConfiguration;
import dev.switchyard.test.spelling.SpellingRow;
import dev.switchyard.test.spelling.SpellingsTest;
import dev.switchyard.web.security.ProtectedRequests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.RequestPath;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every protected call of the node, as its own handler mappings have them, in every
 * spelling, sent without a token over a socket to its Tomcat: each is refused (401), or
 * reaches no handler (400, 404), and none has an effect. The admin rate limits are off,
 * so that every refusal is the token's.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.data.redis.url=redis://127.0.0.1:1", "node.catalog.startup-wait=0s",
				"node.admin.token=" + NodeWebMvcTest.ADMIN_TOKEN, "node.admin.rate-limit.enabled=false" })
@Import(ReachedHandlersMvcConfiguration.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminPathSpellingTests {

	private static final Map<String, String> BODIES = Map.of("PUT /admin/chaos", "{\"latencyMs\":1}");

	@LocalServerPort
	private int port;

	@Autowired
	private ApplicationContext context;

	@Autowired
	private ProtectedRequests adminRequests;

	@Autowired
	private ReachedHandlers reached;

	@Autowired
	private ChaosMonkey monkey;

	private SpellingsTest test;

	@DynamicPropertySource
	static void registryProperties(DynamicPropertyRegistry registry) {
		registry.add("registry.client.urls", () -> "http://127.0.0.1:" + FreePorts.find());
	}

	@BeforeAll
	void deriveTheProtectedCalls() {
		this.test = new SpellingsTest("node", HandlerMappings.servlet(this.context), this::isProtected, Map.of(),
				BODIES, this.reached);
	}

	@AfterAll
	void printStatuses() {
		this.test.printStatuses();
	}

	@Test
	void shouldProtectEveryHandlerOfTheAdminApi() {
		List<Handler> admin = HandlerMappings.servlet(this.context)
			.stream()
			.filter((handler) -> handler.type().getPackageName().endsWith(".admin")
					|| handler.type().getSimpleName().contains("Admin")
					|| handler.patterns().stream().anyMatch((pattern) -> pattern.startsWith("/admin")))
			.toList();

		assertThat(admin).hasSizeGreaterThanOrEqualTo(3);
		assertThat(admin)
			.allSatisfy((handler) -> assertThat(ProtectedCalls.covers(handler, this::isProtected, Map.of()))
				.as("%s is protected", handler)
				.isTrue());
	}

	@Test
	void shouldReachEveryProtectedHandlerWithTheToken() {
		this.test.assertEveryCallReachesItsHandlerWithTheToken(this.port, NodeWebMvcTest.ADMIN_TOKEN);
		this.monkey.clear();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("rows")
	void shouldRefuseEverySpellingWithoutTheToken(SpellingRow row) {
		ChaosSettings chaos = this.monkey.settings();

		this.test.assertRefused(this.port, row);

		assertThat(this.monkey.settings()).as("the chaos after %s", row).isEqualTo(chaos);
	}

	List<SpellingRow> rows() {
		return this.test.rows();
	}

	private boolean isProtected(String method, String path) {
		return this.adminRequests.matches(HttpMethod.valueOf(method), RequestPath.parse(path, null));
	}

}
