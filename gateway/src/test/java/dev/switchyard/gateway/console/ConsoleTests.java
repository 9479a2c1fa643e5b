package dev.switchyard.gateway.console;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import dev.switchyard.gateway.FakeRegistry;
import dev.switchyard.gateway.GatewayTest;
import dev.switchyard.gateway.TestCluster;
import dev.switchyard.gateway.balancer.RoutePolicies;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.switchyard.gateway.FakeRegistry.Instance.draining;
import static dev.switchyard.gateway.FakeRegistry.Instance.up;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

@GatewayTest
class ConsoleTests {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private final TestCluster cluster = TestCluster.get();

	@Autowired
	private WebTestClient client;

	@Autowired
	private RoutePolicies routePolicies;

	@LocalServerPort
	private int port;

	private AdminEndpoint node;

	@BeforeEach
	void registerInstances() throws IOException {
		this.routePolicies.set("api", "round-robin", null);
		this.node = AdminEndpoint.start();
		this.cluster.register(this.client, up(this.cluster.node("console-a")), draining(this.cluster.node("console-b")),
				FakeRegistry.Instance.up("console-c", this.node.port()));
	}

	@AfterEach
	void stopNode() {
		this.node.close();
	}

	@Test
	void shouldServeThePageAtTheRoot() {
		EntityExchangeResult<String> page = this.client.get()
			.uri("/")
			.accept(MediaType.TEXT_HTML)
			.exchange()
			.expectBody(String.class)
			.returnResult();
		EntityExchangeResult<String> script = this.client.get()
			.uri("/console/main.js")
			.exchange()
			.expectBody(String.class)
			.returnResult();

		assertThat(page.getStatus().value()).isEqualTo(200);
		assertThat(page.getResponseHeaders().getContentType().isCompatibleWith(MediaType.TEXT_HTML)).isTrue();
		assertThat(page.getResponseBody()).contains("<script type=\"module\" src=\"/console/main.js\"");
		assertThat(page.getResponseHeaders().getFirst("Content-Security-Policy")).contains("script-src 'self'")
			.contains("frame-ancestors 'none'");
		assertThat(script.getStatus().value()).isEqualTo(200);
		assertThat(script.getResponseBody()).contains("/cluster/events");
		assertThat(script.getResponseHeaders().getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
	}

	@Test
	void shouldShowTheStateWithoutATokenAndWithoutASecret() {
		EntityExchangeResult<String> result = this.client.get()
			.uri("/cluster/state")
			.exchange()
			.expectBody(String.class)
			.returnResult();
		ClusterState state = this.client.get()
			.uri("/cluster/state")
			.exchange()
			.expectBody(ClusterState.class)
			.returnResult()
			.getResponseBody();

		assertThat(result.getStatus().value()).isEqualTo(200);
		assertThat(result.getResponseBody()).doesNotContain(TestCluster.ADMIN_TOKEN).doesNotContain("metadata");
		assertThat(state.routes()).containsOnlyKeys("api");
		assertThat(state.routes().get("api").policy()).isEqualTo("round-robin");
		assertThat(state.policies()).containsExactly("round-robin", "weighted-round-robin", "random",
				"least-connections", "p2c", "ewma", "ip-hash", "consistent-hash", "sticky-cookie");
		assertThat(state.instances()).extracting(ClusterState.Instance::instanceId, ClusterState.Instance::status)
			.containsExactlyInAnyOrder(tuple("console-a", "UP"), tuple("console-b", "DRAINING"),
					tuple("console-c", "UP"));
		assertThat(state.window()).isEqualTo(100);
		assertThat(state.drainAvailable()).isFalse();
	}

	@Test
	void shouldListEveryGatewayOfTheTierWithItsCounters() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		this.cluster.registry()
			.set(GatewayTier.SERVICE, FakeRegistry.Instance.up("gateway-1", this.port),
					FakeRegistry.Instance.up("gateway-2", this.node.port()),
					FakeRegistry.Instance.up("gateway-3", closedPort));
		try {
			this.client.get().uri("/api/whoami").exchange().expectStatus().isOk();

			Map<String, Object> tier = this.client.get()
				.uri("/cluster/tier")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(JSON)
				.returnResult()
				.getResponseBody();

			assertThat(tier.get("gateways")).asInstanceOf(InstanceOfAssertFactories.LIST)
				.extracting("instanceId", "self", "reachable")
				.containsExactly(tuple("gateway-1", true, true), tuple("gateway-2", false, true),
						tuple("gateway-3", false, false));
			Map<?, ?> self = (Map<?, ?>) ((List<?>) tier.get("gateways")).get(0);
			assertThat(self.get("policies")).isEqualTo(Map.of("api", "round-robin"));
			assertThat(((Number) self.get("requests")).longValue()).isPositive();
			assertThat(((Number) self.get("connections")).intValue()).as("this test's own connection").isPositive();
			assertThat(this.node.last.get()).as("the other gateway's state is read without a token")
				.isEqualTo(new Request("GET", "/cluster/state", null, ""));
		}
		finally {
			this.cluster.registry().set(GatewayTier.SERVICE);
		}
	}

	@Test
	void shouldShowThisGatewayAloneWhenNoGatewayIsRegistered() {
		Map<String, Object> tier = this.client.get()
			.uri("/cluster/tier")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();

		assertThat(tier.get("gateways")).asInstanceOf(InstanceOfAssertFactories.LIST)
			.extracting("instanceId", "self", "port")
			.containsExactly(tuple("this gateway", true, this.port));
	}

	@Test
	void shouldReadTheCatalogVersionOfEveryNodeWithoutAToken() {
		Map<String, Object> catalog = this.client.get()
			.uri("/cluster/catalog")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();

		assertThat(catalog.get("nodes")).asInstanceOf(InstanceOfAssertFactories.LIST)
			.extracting("instanceId")
			.containsExactly("console-a", "console-b", "console-c");
		assertThat(catalog.get("nodes")).asInstanceOf(InstanceOfAssertFactories.LIST)
			.filteredOn("instanceId", "console-c")
			.extracting("reachable")
			.containsExactly(true);
		assertThat(this.node.last.get()).isEqualTo(new Request("GET", "/api/catalog", null, ""));
	}

	@Test
	void shouldAnswerAProblemWhenTheRegistryCannotListItsInstances() {
		// the test registry answers GET /v1/services/{service} only, not the whole map
		this.client.get()
			.uri("/cluster/registry")
			.exchange()
			.expectStatus()
			.isEqualTo(502)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("Could not read the registry's instances");
	}

	@Test
	void shouldServeTheChartLibraryFromItsWebjar() {
		EntityExchangeResult<String> library = this.client.get()
			.uri("/webjars/uplot/1.6.30/dist/uPlot.esm.js")
			.exchange()
			.expectBody(String.class)
			.returnResult();

		assertThat(library.getStatus().value()).isEqualTo(200);
		assertThat(library.getResponseBody()).contains("export");
		assertThat(library.getResponseHeaders().getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
	}

	@Test
	void shouldCountTheAnswersOfTheLastRequests() {
		ClusterState before = state();
		for (int i = 0; i < 4; i++) {
			this.client.get().uri("/api/whoami").exchange().expectStatus().isOk();
		}

		ClusterState after = state();

		assertThat(recent(after, "console-a") - recent(before, "console-a") + recent(after, "console-c")
				- recent(before, "console-c"))
			.as("answers of the UP instances among the last requests")
			.isEqualTo(4);
		assertThat(recent(after, "console-b")).as("a draining instance takes no new request").isZero();
		assertThat(after.instances()).allSatisfy((instance) -> assertThat(instance.share()).isBetween(0.0, 1.0));
	}

	@Test
	void shouldCarryEachRoutesSettingsBeyondThePolicyForTheRoutesPanel() {
		this.routePolicies.apply("api",
				this.routePolicies.check(Map.of("policy", "consistent-hash", "hashKey", "query:k", "slowStart", "30s",
						"maxInFlight", 8, "queueTimeout", "100ms", "adaptiveLimit", true, "retryBudget", 12.5, "hedge",
						"p95", "hashBalanceFactor", 1.25, "zoneAware", true)));
		try {
			Map<String, Object> state = this.client.get()
				.uri("/cluster/state")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(JSON)
				.returnResult()
				.getResponseBody();

			assertThat(state).extractingByKey("routes", InstanceOfAssertFactories.map(String.class, Object.class))
				.extractingByKey("api", InstanceOfAssertFactories.map(String.class, Object.class))
				.containsEntry("policy", "consistent-hash")
				.containsEntry("hashKey", "query:k")
				.containsEntry("slowStart", "30s")
				.containsEntry("maxInFlight", 8)
				.containsEntry("queueTimeout", "100ms")
				.containsEntry("adaptiveLimit", true)
				.containsEntry("retryBudget", 12.5)
				.containsEntry("hedge", "p95")
				.containsEntry("hashBalanceFactor", 1.25)
				.containsEntry("zoneAware", true);
		}
		finally {
			this.routePolicies.set("api", "round-robin", null);
		}
	}

	@Test
	void shouldStreamTheStateAsServerSentEvents() {
		ParameterizedTypeReference<ServerSentEvent<ClusterState>> type = new ParameterizedTypeReference<>() {
		};

		var events = this.client.get()
			.uri("/cluster/events")
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(type)
			.getResponseBody();

		StepVerifier.create(events.take(2)).assertNext((event) -> {
			assertThat(event.event()).isEqualTo("state");
			assertThat(event.data().instances()).extracting(ClusterState.Instance::instanceId)
				.contains("console-a", "console-b", "console-c");
		})
			.assertNext((event) -> assertThat(event.event()).isEqualTo("state"))
			.expectComplete()
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void shouldForwardChaosToTheNodeWithTheAdminToken() {
		EntityExchangeResult<Map<String, Object>> result = admin(this.client.put()
			.uri("/admin/instances/console-c/chaos")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"latencyMs\":300}"));

		assertThat(result.getStatus().value()).isEqualTo(200);
		assertThat(result.getResponseBody()).containsEntry("instanceId", "console-c");
		assertThat(this.node.last.get())
			.isEqualTo(new Request("PUT", "/admin/chaos", "Bearer " + TestCluster.ADMIN_TOKEN, "{\"latencyMs\":300}"));
	}

	@Test
	void shouldPassTheNodesAnswerThrough() {
		this.node.status = 400;

		EntityExchangeResult<Map<String, Object>> result = admin(this.client.put()
			.uri("/admin/instances/console-c/chaos")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"errorRate\":2}"));

		assertThat(result.getStatus().value()).isEqualTo(400);
		assertThat(result.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void shouldRefuseChaosThatIsNotJsonWithoutCallingTheNode() {
		EntityExchangeResult<Map<String, Object>> result = admin(this.client.put()
			.uri("/admin/instances/console-c/chaos")
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue("latencyMs=300"));

		assertThat(result.getStatus().value()).isEqualTo(415);
		assertThat(result.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(this.node.last.get()).isNull();
	}

	@Test
	void shouldClearChaosOnTheNode() {
		EntityExchangeResult<Map<String, Object>> result = admin(
				this.client.delete().uri("/admin/instances/console-c/chaos"));

		assertThat(result.getStatus().value()).isEqualTo(200);
		assertThat(this.node.last.get().method()).isEqualTo("DELETE");
	}

	@Test
	void shouldRefuseChaosWithoutTheToken() {
		EntityExchangeResult<Map<String, Object>> result = this.client.put()
			.uri("/admin/instances/console-c/chaos")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"latencyMs\":300}")
			.exchange()
			.expectBody(JSON)
			.returnResult();

		assertThat(result.getStatus().value()).isEqualTo(401);
		assertThat(this.node.last.get()).isNull();
	}

	@Test
	void shouldAnswer404ForAnInstanceTheGatewayDoesNotKnow() {
		EntityExchangeResult<Map<String, Object>> result = admin(this.client.put()
			.uri("/admin/instances/elsewhere/chaos")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"latencyMs\":300}"));

		assertThat(result.getStatus().value()).isEqualTo(404);
		assertThat(result.getResponseBody()).containsEntry("detail", "No instance 'elsewhere' is known to the gateway");
	}

	@Test
	void shouldAnswer502WhenTheNodeCannotBeReached() {
		this.node.close();

		EntityExchangeResult<Map<String, Object>> result = admin(
				this.client.get().uri("/admin/instances/console-c/chaos"));

		assertThat(result.getStatus().value()).isEqualTo(502);
		assertThat(result.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat((String) result.getResponseBody().get("detail"))
			.startsWith("Could not reach console-c at 127.0.0.1:");
	}

	@Test
	void shouldExplainThatDrainingNeedsTheRegistryToken() {
		EntityExchangeResult<Map<String, Object>> result = admin(
				this.client.put().uri("/admin/instances/console-a/status").bodyValue(Map.of("status", "DRAINING")));

		assertThat(result.getStatus().value()).isEqualTo(501);
		assertThat((String) result.getResponseBody().get("detail")).contains("REGISTRY_TOKEN");
	}

	@Test
	void shouldRefuseAStatusOtherThanUpOrDraining() {
		EntityExchangeResult<Map<String, Object>> result = admin(
				this.client.put().uri("/admin/instances/console-a/status").bodyValue(Map.of("status", "DOWN")));

		assertThat(result.getStatus().value()).isEqualTo(400);
	}

	private ClusterState state() {
		return this.client.get()
			.uri("/cluster/state")
			.exchange()
			.expectBody(ClusterState.class)
			.returnResult()
			.getResponseBody();
	}

	private static int recent(ClusterState state, String instanceId) {
		return state.instances()
			.stream()
			.filter((instance) -> instance.instanceId().equals(instanceId))
			.mapToInt(ClusterState.Instance::recent)
			.sum();
	}

	private EntityExchangeResult<Map<String, Object>> admin(WebTestClient.RequestHeadersSpec<?> request) {
		return request.headers((headers) -> headers.setBearerAuth(TestCluster.ADMIN_TOKEN))
			.exchange()
			.expectBody(JSON)
			.returnResult();
	}

	record Request(String method, String path, String authorization, String body) {

	}

	/**
	 * A node's admin endpoint that remembers the last request it received.
	 */
	static final class AdminEndpoint implements AutoCloseable {

		private final HttpServer server;

		final AtomicReference<Request> last = new AtomicReference<>();

		volatile int status = 200;

		private AdminEndpoint(HttpServer server) {
			this.server = server;
		}

		static AdminEndpoint start() throws IOException {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			AdminEndpoint endpoint = new AdminEndpoint(server);
			server.createContext("/", endpoint::handle);
			server.start();
			return endpoint;
		}

		int port() {
			return this.server.getAddress().getPort();
		}

		private void handle(HttpExchange exchange) throws IOException {
			try (exchange) {
				String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
				this.last.set(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
						exchange.getRequestHeaders().getFirst(HttpHeaders.AUTHORIZATION), body));
				boolean ok = this.status == 200;
				byte[] answer = (ok ? "{\"instanceId\":\"console-c\",\"latencyMs\":300,\"errorRate\":0.0}"
						: "{\"status\":" + this.status + ",\"detail\":\"invalid\"}")
					.getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders()
					.set(HttpHeaders.CONTENT_TYPE, ok ? "application/json" : "application/problem+json");
				exchange.sendResponseHeaders(this.status, answer.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(answer);
				}
			}
		}

		@Override
		public void close() {
			this.server.stop(0);
		}

	}

}
