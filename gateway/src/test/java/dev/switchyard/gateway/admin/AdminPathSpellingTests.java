package dev.switchyard.gateway.admin;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;

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
import dev.switchyard.test.spelling.ProtectedCall;
import dev.switchyard.test.spelling.ProtectedCalls;
import dev.switchyard.test.spelling.RawHttp;
import dev.switchyard.test.spelling.ReachedHandlers;
import dev.switchyard.test.spelling.ReachedHandlersWebFilter;
import dev.switchyard.test.spelling.SpellingRow;
import dev.switchyard.web.security.ProtectedRequests;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
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
@Import(AdminPathSpellingTests.Probe.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminPathSpellingTests {

	private static final Map<String, String> VARIABLES = Map.of("routeId", "api", "instanceId", "spelling-node");

	/**
	 * Bodies the handlers accept, so that a handler reached would act, not answer 400.
	 */
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

	private final Map<Integer, Integer> statuses = new TreeMap<>();

	private final Map<Integer, String> examples = new TreeMap<>();

	private FakeNode node;

	@BeforeAll
	void registerANode() {
		this.node = this.cluster.node("spelling-node");
		this.cluster.register(this.client, FakeRegistry.Instance.up(this.node));
		this.routePolicies.set("api", "round-robin", null);
	}

	@AfterAll
	void printStatuses() {
		System.out.println("gateway: answers to the spellings without a token, by status: " + this.statuses);
		this.examples.forEach((status, row) -> System.out.println("  " + status + ", e.g. " + row));
	}

	@Test
	void shouldProtectEveryHandlerOfTheAdminApi() {
		List<Handler> admin = HandlerMappings.reactive(this.context)
			.stream()
			.filter((handler) -> handler.type().getSimpleName().contains("Admin")
					|| handler.patterns().stream().anyMatch((pattern) -> pattern.startsWith("/admin")))
			.toList();

		assertThat(admin).hasSizeGreaterThanOrEqualTo(6);
		assertThat(admin).allSatisfy((handler) -> assertThat(ProtectedCalls.covers(handler, isProtected(), VARIABLES))
			.as("%s is protected", handler)
			.isTrue());
	}

	@Test
	void shouldReachEveryProtectedHandlerWithTheToken() {
		for (ProtectedCall call : calls()) {
			this.reached.drain();

			RawHttp.Response response = RawHttp.send(this.port, call.method(), call.path(),
					Map.of("Authorization", "Bearer " + TestCluster.ADMIN_TOKEN), body(call));

			assertThat(response.status()).as("%s: %s", call, response.body()).isNotIn(401, 404, 405);
			assertThat(this.reached.drain()).as("%s", call).contains(call.handler());
		}
		this.routePolicies.set("api", "round-robin", null);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("rows")
	void shouldRefuseEverySpellingWithoutTheToken(SpellingRow row) {
		RoutePolicy policy = this.routePolicies.get("api");
		int received = this.node.received();
		this.reached.drain();

		RawHttp.Response response = RawHttp.send(this.port, row.method(), row.path(), Map.of(), body(row.call()));

		this.statuses.merge(response.status(), 1, Integer::sum);
		this.examples.putIfAbsent(response.status(), row.toString());
		row.assertRefused(response, protectedHandlersReached());
		assertThat(this.routePolicies.get("api")).as("the policy after %s", row).isEqualTo(policy);
		assertThat(this.node.received()).as("requests forwarded to the node by %s", row).isEqualTo(received);
	}

	List<SpellingRow> rows() {
		List<ProtectedCall> calls = calls();
		System.out.println("gateway: " + calls.size() + " protected calls derived from its handler mappings:");
		calls.forEach((call) -> System.out.println("  " + call));
		List<SpellingRow> rows = SpellingRow.of(calls);
		System.out.println("gateway: " + rows.size() + " spellings");
		return rows;
	}

	private List<ProtectedCall> calls() {
		return ProtectedCalls.derive(HandlerMappings.reactive(this.context), isProtected(), VARIABLES);
	}

	private List<String> protectedHandlersReached() {
		Set<String> handlers = calls().stream().map(ProtectedCall::handler).collect(Collectors.toSet());
		return this.reached.drain().stream().filter(handlers::contains).toList();
	}

	private BiPredicate<String, String> isProtected() {
		return (method, path) -> this.adminRequests.matches(HttpMethod.valueOf(method), RequestPath.parse(path, null));
	}

	private static String body(ProtectedCall call) {
		String body = BODIES.get(call.method() + " " + call.pattern());
		return (body != null || call.method().equals("GET") || call.method().equals("DELETE")) ? body : "{}";
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Probe {

		@Bean
		ReachedHandlers reachedHandlers() {
			return new ReachedHandlers();
		}

		@Bean
		ReachedHandlersWebFilter reachedHandlersWebFilter(ReachedHandlers reachedHandlers) {
			return new ReachedHandlersWebFilter(reachedHandlers);
		}

	}

}
