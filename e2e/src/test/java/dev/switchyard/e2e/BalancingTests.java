package dev.switchyard.e2e;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway's balancing on a cluster of real processes: live policy switches, registry
 * weights, affinity while draining, load-aware policies around a slow node, ejection of a
 * failing one, explanations and the response timeout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BalancingTests {

	/** Short, so that the timeout test need not wait for the default 30 s. */
	private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(3);

	/**
	 * Every policy of the contract, in the order the switching test goes through them.
	 */
	private static final List<String> POLICIES = List.of("round-robin", "weighted-round-robin", "random",
			"least-connections", "p2c", "ewma", "ip-hash", "consistent-hash", "sticky-cookie");

	private final Http http = Http.withoutCookies();

	private LocalCluster cluster;

	@BeforeAll
	void startCluster() {
		this.cluster = LocalCluster.start(3,
				Map.of("GATEWAY_UPSTREAM_RESPONSE_TIMEOUT", RESPONSE_TIMEOUT.toMillis() + "ms"));
	}

	@AfterAll
	void stopCluster() {
		if (this.cluster != null) {
			this.cluster.close();
		}
	}

	@Test
	@Order(1)
	void shouldExplainTheDecisionOnlyWhenAsked() {
		this.cluster.switchPolicy("round-robin", null);

		HttpResponse<String> explained = this.http.get(api("/api/whoami"), Map.of("X-LB-Explain", "true"));
		HttpResponse<String> plain = this.http.get(api("/api/whoami"));

		assertThat(explained.statusCode()).isEqualTo(200);
		String servedBy = explained.headers().firstValue("X-Served-By").orElseThrow();
		assertThat(explained.headers().firstValue("X-LB-Policy")).hasValue("round-robin");
		assertThat(explained.headers().firstValue("X-LB-Decision")).hasValueSatisfying(
				(decision) -> assertThat(decision).startsWith("policy=round-robin; candidates=node-1,node-2,node-3")
					.contains("picked=" + servedBy, "why="));
		assertThat(plain.statusCode()).isEqualTo(200);
		assertThat(plain.headers().firstValue("X-LB-Decision")).isEmpty();
	}

	@Test
	@Order(2)
	void shouldFailNoRequestWhileThePolicyIsSwitchedTenTimes() {
		List<String> switches = new ArrayList<>();
		for (int i = 1; i <= 10; i++) {
			switches.add(POLICIES.get(i % POLICIES.size()));
		}
		Map<String, String> answeredWith = new LinkedHashMap<>();

		try (LoadGenerator load = LoadGenerator.start(api("/api/whoami"), 4)) {
			await().atMost(Duration.ofSeconds(20)).until(() -> load.succeeded() >= 50);
			for (String policy : switches) {
				this.cluster.switchPolicy(policy, policy.equals("consistent-hash") ? "header:X-User" : null);
				answeredWith.put(policy,
						this.http.get(api("/api/whoami")).headers().firstValue("X-LB-Policy").orElse("?"));
				long switchedAt = load.succeeded();
				await().atMost(Duration.ofSeconds(20)).until(() -> load.succeeded() >= switchedAt + 50);
			}
			load.close();

			assertThat(load.failures()).as("requests failed while the policy was switched").isEmpty();
			assertThat(load.succeeded()).isGreaterThanOrEqualTo(550);
		}
		assertThat(switches).containsAll(POLICIES);
		assertThat(answeredWith).allSatisfy((policy, answered) -> assertThat(answered).isEqualTo(policy));
	}

	@Test
	@Order(3)
	void shouldFollowAWeightPatchedInTheRegistryWithinASecond() {
		this.cluster.switchPolicy("weighted-round-robin", null);
		Map<String, Integer> before = servedBy(30);

		long patchedAt = System.nanoTime();
		patchWeight("node-1", 3);
		Deque<String> lastFive = new ArrayDeque<>();
		Duration followed = null;
		for (int i = 0; i < 2000 && followed == null && System.nanoTime() - patchedAt < 10_000_000_000L; i++) {
			lastFive.addLast(this.http.get(api("/api/whoami")).headers().firstValue("X-Served-By").orElse("?"));
			if (lastFive.size() > 5) {
				lastFive.removeFirst();
			}
			// with weights 1,1,1 no five consecutive picks hold node-1 three times; with
			// 3,1,1 they do
			if (Collections.frequency(lastFive, "node-1") >= 3) {
				followed = Duration.ofNanos(System.nanoTime() - patchedAt);
			}
		}
		Map<String, Integer> after = servedBy(50);
		JsonNode node1 = this.cluster.lbInstance("node-1");
		patchWeight("node-1", 1);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.cluster.lbInstance("node-1").path("weight").asInt() == 1);

		System.out.println("weighted-round-robin followed weight=3 on node-1 "
				+ ((followed != null) ? followed.toMillis() + " ms" : "not within 10 s")
				+ " after the PATCH was sent; 30 requests before: " + before + ", 50 after: " + after);
		assertThat(before).containsOnly(Map.entry("node-1", 10), Map.entry("node-2", 10), Map.entry("node-3", 10));
		assertThat(followed).isNotNull().isLessThan(Duration.ofSeconds(1));
		assertThat(node1.path("weight").asInt()).isEqualTo(3);
		assertThat(after.get("node-1")).isBetween(29, 31);
		assertThat(after.get("node-2")).isBetween(9, 11);
		assertThat(after.get("node-3")).isBetween(9, 11);
	}

	@Test
	@Order(4)
	void shouldKeepStickyClientsOnTheirNodeAndOnlyThemOnADrainingNode() {
		this.cluster.switchPolicy("sticky-cookie", null);
		List<Http> clients = new ArrayList<>();
		Map<Http, String> boundTo = new LinkedHashMap<>();
		for (int i = 0; i < 9; i++) {
			Http client = Http.withCookies();
			clients.add(client);
			boundTo.put(client, servedBy(client));
		}
		for (Http client : clients) {
			for (int i = 0; i < 5; i++) {
				assertThat(servedBy(client)).isEqualTo(boundTo.get(client));
			}
		}
		assertThat(boundTo.values()).contains("node-2");

		setStatus("node-2", "DRAINING");
		try {
			await().atMost(Duration.ofSeconds(5))
				.until(() -> "DRAINING".equals(this.cluster.lbInstance("node-2").path("status").asString()));
			Map<Http, List<String>> whileDraining = new HashMap<>();
			for (Http client : clients) {
				List<String> nodes = new ArrayList<>();
				for (int i = 0; i < 5; i++) {
					nodes.add(servedBy(client));
				}
				whileDraining.put(client, nodes);
			}
			List<String> newcomers = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				newcomers.add(servedBy(Http.withCookies()));
			}
			Http boundToDraining = clients.stream()
				.filter((client) -> boundTo.get(client).equals("node-2"))
				.findFirst()
				.orElseThrow();
			String decision = boundToDraining.get(api("/api/whoami"), Map.of("X-LB-Explain", "true"))
				.headers()
				.firstValue("X-LB-Decision")
				.orElse("");

			for (Http client : clients) {
				assertThat(whileDraining.get(client)).as("a client bound to " + boundTo.get(client))
					.containsOnly(boundTo.get(client));
			}
			assertThat(newcomers).doesNotContain("node-2").contains("node-1", "node-3");
			assertThat(decision).isEqualTo("policy=sticky-cookie; candidates=node-1,node-3; skipped=node-2(DRAINING); "
					+ "picked=node-2; why=bound by SY_NODE (DRAINING)");
		}
		finally {
			setStatus("node-2", "UP");
			await().atMost(Duration.ofSeconds(5))
				.until(() -> "UP".equals(this.cluster.lbInstance("node-2").path("status").asString()));
		}
	}

	@Test
	@Order(5)
	void shouldSendFarLessToASlowNodeUnderLoadAwarePolicies() {
		this.cluster.chaos("node-1", "{\"latencyMs\":300}");
		Map<String, Double> slowShare = new LinkedHashMap<>();
		try {
			for (String policy : List.of("round-robin", "least-connections", "p2c", "ewma")) {
				this.cluster.switchPolicy(policy, null);
				try (LoadGenerator load = LoadGenerator.start(api("/api/whoami"), 4)) {
					int requests = policy.equals("round-robin") ? 150 : 300;
					await().atMost(Duration.ofSeconds(30)).until(() -> load.succeeded() >= requests);
					load.close();
					assertThat(load.failures()).isEmpty();
					slowShare.put(policy, (double) load.servedBy("node-1") / load.succeeded());
				}
			}
		}
		finally {
			this.cluster.clearChaos("node-1");
		}
		System.out.println("share of the node made 300 ms slower: " + slowShare);

		double roundRobin = slowShare.get("round-robin");
		assertThat(roundRobin).isBetween(0.25, 0.42);
		assertThat(slowShare).allSatisfy((policy, share) -> {
			if (!policy.equals("round-robin")) {
				assertThat(share).as(policy).isLessThan(roundRobin / 3);
			}
		});
	}

	@Test
	@Order(6)
	void shouldEjectANodeThatFailsEveryRequestSoThatClientsHardlyNotice() {
		this.cluster.switchPolicy("round-robin", null);
		this.cluster.chaos("node-2", "{\"errorRate\":1.0}");
		try (LoadGenerator load = LoadGenerator.start(api("/api/whoami"), 4)) {
			await().atMost(Duration.ofSeconds(20))
				.until(() -> this.cluster.lbInstance("node-2").path("ejected").asBoolean());
			long ejectedAt = load.succeeded();
			await().atMost(Duration.ofSeconds(20)).until(() -> load.succeeded() >= ejectedAt + 50);
			int failuresAtEjection = load.failures().size();
			long quietFrom = load.succeeded();
			await().atMost(Duration.ofSeconds(20)).until(() -> load.succeeded() >= quietFrom + 300);
			load.close();
			System.out.println("node-2 failing every request: " + load.failures().size() + " of "
					+ (load.succeeded() + load.failures().size()) + " requests failed before it was ejected");

			assertThat(load.failures()).hasSizeLessThanOrEqualTo(10)
				.allSatisfy((failure) -> assertThat(failure).startsWith("500"));
			assertThat(load.failures()).as("failures after the ejection").hasSize(failuresAtEjection);
			assertThat(load.servedBy("node-2")).isZero();
			assertThat(load.servedBy("node-1")).isPositive();
			assertThat(load.servedBy("node-3")).isPositive();
		}
		finally {
			this.cluster.clearChaos("node-2");
		}
	}

	@Test
	@Order(7)
	void shouldAnswer504ProblemWhenNodesDoNotAnswerWithinTheResponseTimeout() {
		List<String> nodes = List.of("node-1", "node-2", "node-3");
		nodes.forEach((node) -> this.cluster.chaos(node, "{\"latencyMs\":5000}"));
		try {
			long started = System.nanoTime();

			HttpResponse<String> response = this.http.get(api("/api/whoami"));

			Duration took = Duration.ofNanos(System.nanoTime() - started);
			assertThat(response.statusCode()).isEqualTo(504);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			JsonNode problem = Http.json(response);
			assertThat(problem.path("status").asInt()).isEqualTo(504);
			assertThat(problem.path("title").asString()).isEqualTo("Gateway Timeout");
			assertThat(problem.path("detail").asString())
				.matches("Instance node-\\d of node-service did not answer in time.*");
			assertThat(took).isBetween(RESPONSE_TIMEOUT, Duration.ofMillis(4900));
		}
		finally {
			nodes.forEach(this.cluster::clearChaos);
		}
	}

	private String api(String path) {
		return this.cluster.gatewayUrl() + path;
	}

	private Map<String, Integer> servedBy(int requests) {
		Map<String, Integer> servedBy = new HashMap<>();
		for (int i = 0; i < requests; i++) {
			servedBy.merge(servedBy(this.http), 1, Integer::sum);
		}
		return servedBy;
	}

	private String servedBy(Http client) {
		HttpResponse<String> response = client.get(api("/api/whoami"));
		assertThat(response.statusCode()).isEqualTo(200);
		return response.headers().firstValue("X-Served-By").orElseThrow();
	}

	private void patchWeight(String instanceId, int weight) {
		HttpResponse<String> response = send("PATCH", instanceUrl(instanceId) + "/metadata",
				this.cluster.registryToken(), "{\"weight\":\"" + weight + "\"}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
	}

	private void setStatus(String instanceId, String status) {
		HttpResponse<String> response = send("PUT", instanceUrl(instanceId) + "/status", this.cluster.registryToken(),
				"{\"status\":\"" + status + "\"}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
	}

	private String instanceUrl(String instanceId) {
		return this.cluster.registryUrl() + "/v1/services/node-service/instances/" + instanceId;
	}

	private HttpResponse<String> send(String method, String url, String token, String json) {
		return this.cluster.send(method, url, token, json);
	}

}
