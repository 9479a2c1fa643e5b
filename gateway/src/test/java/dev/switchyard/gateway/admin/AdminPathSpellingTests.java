package dev.switchyard.gateway.admin;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.switchyard.gateway.FakeNode;
import dev.switchyard.gateway.FakeRegistry;
import dev.switchyard.gateway.TestCluster;
import dev.switchyard.gateway.balancer.RoutePolicies;
import dev.switchyard.gateway.balancer.RoutePolicy;
import dev.switchyard.test.spelling.Handler;
import dev.switchyard.test.spelling.HandlerMappings;
import dev.switchyard.test.spelling.ProtectedCalls;
import dev.switchyard.test.spelling.ReachedHandlers;
import dev.switchyard.test.spelling.ReachedHandlersWebFluxConfiguration;
import dev.switchyard.test.spelling.SpellingRow;
import dev.switchyard.test.spelling.SpellingsTest;
import dev.switchyard.web.security.ProtectedRequests;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.RequestPath;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every protected call of the gateway, as its own handler mappings have them, in every
 * spelling, sent without a token over a socket: each is refused (401), or reaches no
 * handler (400, 404), and none has an effect. The admin rate limits are off, so that
 * every refusal is the token's.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "gateway.admin.rate-limit.enabled=false")
@AutoConfigureWebTestClient(timeout = "30s")
@ContextConfiguration(initializers = TestCluster.Initializer.class)
@Import(ReachedHandlersWebFluxConfiguration.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminPathSpellingTests {

	private static final Map<String, String> VARIABLES = Map.of("routeId", "api", "instanceId", "spelling-node");

	private static final Map<String, String> BODIES = Map.of("PUT /admin/lb/routes/{routeId}",
			"{\"policy\":\"random\"}", "PUT /admin/instances/{instanceId}/chaos", "{\"latencyMs\":1}",
			"PUT /admin/instances/{instanceId}/status", "{\"status\":\"DRAINING\"}");

	private final TestCluster cluster = TestCluster.get();

	@LocalServerPort
	private int port;

	@Autowired
	private ApplicationContext context;

	@Autowired
	private ProtectedRequests adminRequests;

	@Autowired
	private ReachedHandlers reached;

	@Autowired
	private RoutePolicies routePolicies;

	@Autowired
	private WebTestClient client;

	private SpellingsTest test;

	private FakeNode node;

	@BeforeAll
	void registerANode() {
		this.test = new SpellingsTest("gateway", HandlerMappings.reactive(this.context), this::isProtected, VARIABLES,
				BODIES, this.reached);
		this.node = this.cluster.node("spelling-node");
		this.cluster.register(this.client, FakeRegistry.Instance.up(this.node));
		this.routePolicies.set("api", "round-robin", null);
	}

	@AfterAll
	void printStatuses() {
		this.test.printStatuses();
	}

	@Test
	void shouldProtectEveryHandlerOfTheAdminApi() {
		List<Handler> admin = HandlerMappings.reactive(this.context)
			.stream()
			.filter((handler) -> handler.type().getSimpleName().contains("Admin")
					|| handler.patterns().stream().anyMatch((pattern) -> pattern.startsWith("/admin")))
			.toList();

		assertThat(admin).hasSizeGreaterThanOrEqualTo(6);
		assertThat(admin)
			.allSatisfy((handler) -> assertThat(ProtectedCalls.covers(handler, this::isProtected, VARIABLES))
				.as("%s is protected", handler)
				.isTrue());
	}

	@Test
	void shouldReachEveryProtectedHandlerWithTheToken() {
		this.test.assertEveryCallReachesItsHandlerWithTheToken(this.port, TestCluster.ADMIN_TOKEN);
		this.routePolicies.set("api", "round-robin", null);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("rows")
	void shouldRefuseEverySpellingWithoutTheToken(SpellingRow row) {
		RoutePolicy policy = this.routePolicies.get("api");
		int received = this.node.received();

		this.test.assertRefused(this.port, row);

		assertThat(this.routePolicies.get("api")).as("the policy after %s", row).isEqualTo(policy);
		assertThat(this.node.received()).as("requests forwarded to the node by %s", row).isEqualTo(received);
	}

	List<SpellingRow> rows() {
		return this.test.rows();
	}

	private boolean isProtected(String method, String path) {
		return this.adminRequests.matches(HttpMethod.valueOf(method), RequestPath.parse(path, null));
	}

}
