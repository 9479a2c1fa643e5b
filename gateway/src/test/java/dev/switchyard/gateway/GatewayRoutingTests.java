package dev.switchyard.gateway;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.test.StepVerifier;

import dev.switchyard.gateway.admin.InstanceState;
import dev.switchyard.gateway.admin.LoadBalancerState;
import dev.switchyard.gateway.balancer.RoutePolicies;
import dev.switchyard.gateway.upstream.EventLoopConnectionProvider;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static dev.switchyard.gateway.FakeRegistry.Instance.down;
import static dev.switchyard.gateway.FakeRegistry.Instance.draining;
import static dev.switchyard.gateway.FakeRegistry.Instance.up;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

@GatewayTest
class GatewayRoutingTests {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private final TestCluster cluster = TestCluster.get();

	@Autowired
	private WebTestClient client;

	@Autowired
	private RoutePolicies routePolicies;

	@Autowired
	private HttpClient httpClient;

	@LocalServerPort
	private int port;

	@BeforeEach
	void roundRobin() {
		this.routePolicies.set("api", "round-robin", null);
	}

	@Test
	void shouldSpreadRequestsEvenlyOverUpInstances() {
		this.cluster.register(this.client, up(node("node-a")), up(node("node-b")), up(node("node-c")));

		Map<String, Integer> servedBy = new HashMap<>();
		for (int i = 0; i < 30; i++) {
			EntityExchangeResult<Map<String, Object>> result = get("/api/whoami");
			String instanceId = result.getResponseHeaders().getFirst("X-Served-By");
			assertThat(result.getStatus().value()).isEqualTo(200);
			assertThat(result.getResponseHeaders().getFirst("X-LB-Policy")).isEqualTo("round-robin");
			assertThat(result.getResponseBody()).containsEntry("instanceId", instanceId);
			servedBy.merge(instanceId, 1, Integer::sum);
		}

		assertThat(servedBy).containsOnly(entry("node-a", 10), entry("node-b", 10), entry("node-c", 10));
	}

	@Test
	void shouldRetryOnAnotherInstanceWhenNoConnectionCanBeMade() throws IOException {
		this.cluster.register(this.client, up(node("node-a")), up("node-dead", FakeNode.closedPort()),
				up(node("node-b")));

		List<String> servedBy = new ArrayList<>();
		for (int i = 0; i < 15; i++) {
			EntityExchangeResult<Map<String, Object>> got = get("/api/whoami");
			EntityExchangeResult<Map<String, Object>> posted = post("/api/items", "{\"n\":" + i + "}");
			assertThat(got.getStatus().value()).isEqualTo(200);
			assertThat(posted.getStatus().value()).isEqualTo(200);
			assertThat(posted.getResponseBody()).containsEntry("method", "POST")
				.containsEntry("body", "{\"n\":" + i + "}");
			servedBy.add(got.getResponseHeaders().getFirst("X-Served-By"));
			servedBy.add(posted.getResponseHeaders().getFirst("X-Served-By"));
		}

		assertThat(servedBy).hasSize(30).containsOnly("node-a", "node-b");
		assertThat(instance("node-dead").failures()).isPositive();
	}

	@Test
	void shouldRetryIdempotentRequestsOnAnotherInstanceAfter503() {
		FakeNode busy = node("busy-post");
		busy.answer(503);
		this.cluster.register(this.client, up(node("node-a")), up(busy));

		List<Integer> postStatuses = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			postStatuses.add(post("/api/items", "{}").getStatus().value());
		}
		List<String> getServedBy = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			EntityExchangeResult<Map<String, Object>> got = get("/api/whoami");
			assertThat(got.getStatus().value()).isEqualTo(200);
			getServedBy.add(got.getResponseHeaders().getFirst("X-Served-By"));
		}

		assertThat(postStatuses).containsExactlyInAnyOrder(200, 200, 503, 503);
		assertThat(getServedBy).containsOnly("node-a");
	}

	@Test
	void shouldEjectAnInstanceThatKeepsAnswering500() {
		FakeNode failing = node("failing-500");
		failing.answer(500);
		this.cluster.register(this.client, up(node("node-a")), up(failing));

		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			statuses.add(get("/api/whoami").getStatus().value());
		}

		assertThat(statuses).filteredOn((status) -> status == 500).hasSize(5);
		assertThat(statuses.subList(10, 30)).containsOnly(200);
		assertThat(instance("failing-500").ejected()).isTrue();
	}

	@Test
	void shouldAnswer503ProblemNamingTheServiceWhenNoInstanceIsUp() {
		this.cluster.register(this.client, draining(node("node-a")), down(node("node-b")));

		EntityExchangeResult<Map<String, Object>> result = get("/api/whoami");

		assertThat(result.getStatus().value()).isEqualTo(503);
		assertThat(result.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result.getResponseBody()).containsEntry("status", 503)
			.containsEntry("title", "Service Unavailable")
			.containsEntry("detail", "No instance of node-service is available");
	}

	@Test
	void shouldAnswer404ProblemForAPathNothingServes() {
		EntityExchangeResult<Map<String, Object>> result = get("/nowhere");

		assertThat(result.getStatus().value()).isEqualTo(404);
		assertThat(result.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result.getResponseBody()).containsEntry("status", 404)
			.containsEntry("detail", "Nothing is mapped to GET /nowhere")
			.containsEntry("instance", "/nowhere")
			.doesNotContainKey("trace");
	}

	@Test
	void shouldExplainTheDecisionOnlyWhenAsked() {
		this.cluster.register(this.client, up(node("node-a")), up(node("node-b")), draining(node("node-c")));

		EntityExchangeResult<Map<String, Object>> explained = this.client.get()
			.uri("/api/whoami")
			.header("X-LB-Explain", "true")
			.exchange()
			.expectBody(JSON)
			.returnResult();
		EntityExchangeResult<Map<String, Object>> plain = get("/api/whoami");

		String servedBy = explained.getResponseHeaders().getFirst("X-Served-By");
		assertThat(explained.getResponseHeaders().getFirst("X-LB-Decision")).startsWith("policy=round-robin")
			.contains("candidates=node-a,node-b", "skipped=node-c(DRAINING)", "picked=" + servedBy,
					"why=next in rotation");
		assertThat(plain.getResponseHeaders().containsHeader("X-LB-Decision")).isFalse();
	}

	@Test
	void shouldKeepAffinityToADrainingInstanceAndIgnoreForgedCookies() {
		this.routePolicies.set("api", "sticky-cookie", null);
		this.cluster.register(this.client, up(node("node-a")), up(node("node-b")));
		EntityExchangeResult<Map<String, Object>> first = get("/api/whoami");
		ResponseCookie cookie = first.getResponseCookies().getFirst("SY_NODE");
		String bound = first.getResponseHeaders().getFirst("X-Served-By");
		String other = bound.equals("node-a") ? "node-b" : "node-a";

		this.cluster.register(this.client, draining(node(bound)), up(node(other)));
		List<String> withCookie = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			withCookie.add(this.client.get()
				.uri("/api/whoami")
				.cookie("SY_NODE", cookie.getValue())
				.exchange()
				.expectStatus()
				.isOk()
				.returnResult(String.class)
				.getResponseHeaders()
				.getFirst("X-Served-By"));
		}
		EntityExchangeResult<Map<String, Object>> withoutCookie = get("/api/whoami");
		EntityExchangeResult<Map<String, Object>> forged = this.client.get()
			.uri("/api/whoami")
			.cookie("SY_NODE", bound + ".forged")
			.exchange()
			.expectBody(JSON)
			.returnResult();

		assertThat(cookie.getValue()).startsWith(bound + ".");
		assertThat(withCookie).containsOnly(bound);
		assertThat(withoutCookie.getResponseHeaders().getFirst("X-Served-By")).isEqualTo(other);
		assertThat(forged.getResponseHeaders().getFirst("X-Served-By")).isEqualTo(other);
		assertThat(forged.getResponseCookies().getFirst("SY_NODE").getValue()).startsWith(other + ".");
	}

	@Test
	void shouldSendTheBodyOfAnIdempotentRequestAgainOnAnotherInstance() {
		FakeNode busy = node("busy-put");
		this.cluster.register(this.client, up(busy), up(node("node-a")));

		List<String> servedBy = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			EntityExchangeResult<Map<String, Object>> put = this.client.put()
				.uri("/api/catalog/k" + i)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"value\":" + i + "}")
				.exchange()
				.expectBody(JSON)
				.returnResult();
			assertThat(put.getStatus().value()).isEqualTo(200);
			assertThat(put.getResponseBody()).containsEntry("method", "PUT")
				.containsEntry("body", "{\"value\":" + i + "}");
			servedBy.add(put.getResponseHeaders().getFirst("X-Served-By"));
		}

		assertThat(servedBy).containsOnly("node-a");
		assertThat(busy.received()).isPositive();
	}

	@Test
	void shouldRetryOnlyIdempotentRequestsWhenTheConnectionIsClosedBeforeTheAnswer() throws IOException {
		try (ClosingServer closing = ClosingServer.start()) {
			this.cluster.register(this.client, up(node("node-a")), up("node-closing", closing.port()));

			List<Integer> postStatuses = new ArrayList<>();
			List<Map<String, Object>> postProblems = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				EntityExchangeResult<Map<String, Object>> posted = post("/api/items", "{}");
				postStatuses.add(posted.getStatus().value());
				if (posted.getStatus().value() != 200) {
					postProblems.add(posted.getResponseBody());
				}
			}
			List<Integer> getStatuses = new ArrayList<>();
			for (int i = 0; i < 6; i++) {
				getStatuses.add(get("/api/whoami").getStatus().value());
			}

			assertThat(closing.accepted()).isPositive();
			assertThat(postStatuses).containsExactlyInAnyOrder(200, 200, 502, 502);
			assertThat(postProblems).allSatisfy((problem) -> assertThat(problem).containsEntry("detail",
					"Instance node-closing of node-service closed the connection before answering"));
			assertThat(getStatuses).containsOnly(200);
		}
	}

	@Test
	void shouldAnswer502ProblemWhenNoInstanceCanBeReached() throws IOException {
		this.cluster.register(this.client, up("dead-x", FakeNode.closedPort()), up("dead-y", FakeNode.closedPort()));

		EntityExchangeResult<Map<String, Object>> result = get("/api/whoami");

		assertThat(result.getStatus().value()).isEqualTo(502);
		assertThat(result.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat((String) result.getResponseBody().get("detail")).startsWith("Could not connect to instances")
			.contains("dead-x", "dead-y")
			.endsWith("of node-service");
	}

	@Test
	void shouldNotFailARequestWhileThePolicyIsSwitchedTenTimes() {
		this.cluster.register(this.client, up(node("node-a")), up(node("node-b")), up(node("node-c")));
		WebClient web = WebClient.create("http://127.0.0.1:" + this.port);
		List<String> policies = this.routePolicies.catalog().names();
		AtomicInteger answered = new AtomicInteger();

		Flux<Integer> statuses = Flux.range(0, 400)
			.flatMap(
					(i) -> web.get()
						.uri("/api/whoami")
						.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value())),
					16)
			.doOnNext((status) -> {
				int count = answered.incrementAndGet();
				if (count % 40 == 0) {
					this.routePolicies.set("api", policies.get((count / 40) % policies.size()), null);
				}
			});

		StepVerifier.create(statuses.collectList())
			.assertNext((list) -> assertThat(list).hasSize(400).containsOnly(200))
			.verifyComplete();
	}

	@Test
	void shouldPublishPerInstanceMetrics() {
		this.cluster.register(this.client, up(node("node-m")));
		get("/api/whoami");

		String scrape = this.client.mutate()
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
			.build()
			.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		String common = "application=\"gateway\",instance_id=\"[^\"]+\",";
		assertThat(scrape)
			.containsPattern("gateway_lb_requests_total\\{" + common
					+ "service=\"node-service\",upstream_instance=\"node-m\"} 1.0")
			.containsPattern(
					"gateway_lb_in_flight\\{" + common + "service=\"node-service\",upstream_instance=\"node-m\"}")
			.containsPattern("gateway_lb_latency_ewma_seconds\\{" + common
					+ "service=\"node-service\",upstream_instance=\"node-m\"}")
			.containsPattern("gateway_lb_attempts_seconds_bucket\\{" + common
					+ "outcome=\"2xx\",service=\"node-service\",upstream_instance=\"node-m\",le=")
			.containsPattern("gateway_lb_picks_total\\{" + common
					+ "policy=\"round-robin\",service=\"node-service\",upstream_instance=\"node-m\"} 1.0")
			.containsPattern("spring_cloud_gateway_requests_seconds_count\\{[^}]*routeId=\"api\"")
			// the routed requests' own meter above; WebFlux's observation of every
			// request is off
			.doesNotContain("http_server_requests_seconds");
	}

	@Test
	void shouldSendOverAConnectionPoolOfTheEventLoopTheRequestCameIn() {
		assertThat(this.httpClient.configuration().connectionProvider())
			.isInstanceOf(EventLoopConnectionProvider.class);
	}

	private FakeNode node(String instanceId) {
		FakeNode node = this.cluster.node(instanceId);
		node.answer(instanceId.startsWith("busy") ? 503 : 200);
		return node;
	}

	private EntityExchangeResult<Map<String, Object>> get(String path) {
		return this.client.get().uri(path).exchange().expectBody(JSON).returnResult();
	}

	private EntityExchangeResult<Map<String, Object>> post(String path, String body) {
		return this.client.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectBody(JSON)
			.returnResult();
	}

	private InstanceState instance(String instanceId) {
		LoadBalancerState state = this.client.get()
			.uri("/admin/lb")
			.headers((headers) -> headers.setBearerAuth(TestCluster.ADMIN_TOKEN))
			.exchange()
			.expectBody(LoadBalancerState.class)
			.returnResult()
			.getResponseBody();
		return state.instances()
			.stream()
			.filter((candidate) -> candidate.instanceId().equals(instanceId))
			.findFirst()
			.orElseThrow();
	}

}
