package dev.switchyard.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import dev.switchyard.test.spelling.ProtectedCall;
import dev.switchyard.test.spelling.RawHttp;
import dev.switchyard.test.spelling.SpellingRow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One table of malformed and hostile requests against a cluster of real processes: the
 * registry's API, the gateway's admin API and what it routes, and a node's own API. Each
 * gets the right 4xx as {@code application/problem+json}, never a 5xx, and every process
 * keeps serving. Then the admin APIs' rate limits, seen from addresses of their own
 * (127.0.0.2 and up, loopback too), so that the table's address is never limited.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String INSTANCE = "/v1/services/hostile/instances/hostile-1";

	/** Larger than every body limit: 64 KiB (registry, nodes), 256 KiB (gateway). */
	private static final String HUGE = "x".repeat(1024 * 1024);

	private static final String FORM = "application/x-www-form-urlencoded";

	private LocalCluster cluster;

	private HttpClient client;

	@BeforeAll
	void startCluster() {
		this.cluster = LocalCluster.start(2);
		this.client = client(null);
	}

	@AfterAll
	void stopCluster() {
		if (this.client != null) {
			this.client.close();
		}
		if (this.cluster != null) {
			this.cluster.close();
		}
	}

	@TestFactory
	@Order(1)
	Stream<DynamicTest> shouldAnswerEveryHostileRequestWithA4xxProblem() {
		List<Row> rows = new ArrayList<>();
		rows.addAll(registryRows());
		rows.addAll(gatewayRows());
		rows.addAll(nodeRows());
		Map<String, Long> perApi = new LinkedHashMap<>();
		rows.forEach((row) -> perApi.merge(row.api, 1L, Long::sum));
		System.out.println("hostile rows per API: " + perApi + ", " + rows.size() + " in all");
		assertThat(perApi.get("registry")).isGreaterThanOrEqualTo(30);
		assertThat(perApi.get("gateway")).isGreaterThanOrEqualTo(40);
		assertThat(perApi.get("node")).isGreaterThanOrEqualTo(40);
		return rows.stream().map((row) -> DynamicTest.dynamicTest(row.api + ": " + row.name, () -> check(row)));
	}

	@Test
	@Order(2)
	void shouldKeepEveryProcessServingAfterTheTable() {
		String gateway = this.cluster.gatewayUrl();
		String registry = this.cluster.registryUrl();

		assertThat(send(get(registry + "/actuator/health")).statusCode()).isEqualTo(200);
		assertThat(send(get(gateway + "/actuator/health")).statusCode()).isEqualTo(200);
		for (String node : List.of("node-1", "node-2")) {
			assertThat(send(get(this.cluster.nodeUrl(node) + "/actuator/health")).statusCode()).as(node).isEqualTo(200);
		}
		assertThat(send(get(registry + "/v1/services/node-service")).statusCode()).isEqualTo(200);
		assertThat(send(get(gateway + "/api/whoami")).statusCode()).isEqualTo(200);
		assertThat(send(get(gateway + "/admin/lb").header("Authorization", admin())).statusCode()).isEqualTo(200);
		assertThat(send(get(this.cluster.nodeUrl("node-1") + "/admin/chaos").header("Authorization", admin()))
			.statusCode()).isEqualTo(200);
		assertThat(this.cluster.upInstanceIds()).containsExactlyInAnyOrder("node-1", "node-2");
	}

	@Test
	@Order(3)
	void shouldRateLimitTheGatewayAdminApiPerAddressWith429AndRetryAfter() {
		HttpClient other = client("127.0.0.2");
		try {
			// until the first 429: on a loaded machine the bucket refills (20 a second)
			// while the
			// burst is sent, so 80 requests, twice the bucket, may not be enough
			List<HttpResponse<String>> burst = new ArrayList<>();
			for (int i = 0; i < 400 && burst.stream().noneMatch((r) -> r.statusCode() == 429); i++) {
				burst.add(send(other, get(this.cluster.gatewayUrl() + "/admin/lb").header("Authorization", admin())));
			}

			assertThat(burst).extracting(HttpResponse::statusCode).containsOnly(200, 429).contains(429);
			HttpResponse<String> refused = burst.stream()
				.filter((r) -> r.statusCode() == 429)
				.findFirst()
				.orElseThrow();
			assertProblem(refused, 429);
			assertThat(refused.headers().firstValue("Retry-After"))
				.hasValueSatisfying((retryAfter) -> assertThat(Integer.parseInt(retryAfter)).isBetween(1, 60));
			assertThat(send(get(this.cluster.gatewayUrl() + "/admin/lb").header("Authorization", admin())).statusCode())
				.as("127.0.0.1 has a bucket of its own")
				.isEqualTo(200);
			assertThat(send(other, get(this.cluster.gatewayUrl() + "/api/whoami")).statusCode())
				.as("only /admin/** is limited")
				.isEqualTo(200);
		}
		finally {
			other.close();
		}
	}

	@Test
	@Order(4)
	void shouldLockAnAddressOutOfTheNodeAdminApiAfterTenFailedTokens() {
		HttpClient guesser = client("127.0.0.3");
		String chaos = this.cluster.nodeUrl("node-2") + "/admin/chaos";
		try {
			List<Integer> guesses = new ArrayList<>();
			for (int i = 0; i < 12; i++) {
				guesses.add(send(guesser, get(chaos).header("Authorization", "Bearer guess-" + i)).statusCode());
			}

			HttpResponse<String> rightToken = send(guesser, get(chaos).header("Authorization", admin()));

			assertThat(guesses.subList(0, 10)).containsOnly(401);
			assertThat(guesses.subList(10, 12)).containsOnly(429);
			assertProblem(rightToken, 429);
			assertThat(rightToken.headers().firstValue("Retry-After"))
				.hasValueSatisfying((retryAfter) -> assertThat(Integer.parseInt(retryAfter)).isBetween(1, 60));
			assertThat(send(get(chaos).header("Authorization", admin())).statusCode()).as("127.0.0.1 is not locked out")
				.isEqualTo(200);
		}
		finally {
			guesser.close();
		}
	}

	@Test
	@Order(5)
	void shouldLockAnAddressOutOfTheGatewayAdminApiAfterTenFailedTokens() {
		HttpClient guesser = client("127.0.0.4");
		try {
			List<Integer> guesses = new ArrayList<>();
			for (int i = 0; i < 11; i++) {
				guesses.add(send(guesser,
						get(this.cluster.gatewayUrl() + "/admin/lb").header("Authorization", "Bearer guess-" + i))
					.statusCode());
			}

			HttpResponse<String> rightToken = send(guesser,
					get(this.cluster.gatewayUrl() + "/admin/lb").header("Authorization", admin()));

			assertThat(guesses.subList(0, 10)).containsOnly(401);
			assertThat(guesses.get(10)).isEqualTo(429);
			assertProblem(rightToken, 429);
			assertThat(rightToken.headers().firstValue("Retry-After")).isPresent();
		}
		finally {
			guesser.close();
		}
	}

	@TestFactory
	@Order(6)
	Stream<DynamicTest> shouldRefuseEverySpellingOfTheAdminCallsOfTheRealJars() {
		String instance = "/v1/services/spelling/instances/spelling-1";
		List<Spelled> rows = new ArrayList<>();
		spell(rows, "gateway", gatewayPort(), "PUT", "/admin/instances/node-1/chaos", "{\"latencyMs\":3000}");
		spell(rows, "gateway", gatewayPort(), "PUT", "/admin/lb/routes/api", "{\"policy\":\"random\"}");
		spell(rows, "node", URI.create(this.cluster.nodeUrl("node-2")).getPort(), "PUT", "/admin/chaos",
				"{\"errorRate\":1.0}");
		spell(rows, "registry", URI.create(this.cluster.registryUrl()).getPort(), "PUT", instance,
				"{\"host\":\"127.0.0.1\",\"port\":9}");
		System.out.println("spellings of admin calls against the real jars: " + rows.size());
		return Stream.concat(rows.stream().map((row) -> DynamicTest.dynamicTest(row.toString(), () -> {
			RawHttp.Response response = RawHttp.send(row.from(), row.port(), row.row().method(), row.row().path(),
					Map.of(), row.body());
			row.row().assertRefused(response, List.of());
		})), Stream.of(DynamicTest.dynamicTest("none of them had an effect", () -> {
			assertThat(chaosOf("node-1")).isEqualTo(chaosOf("node-2")).isEqualTo(NO_CHAOS);
			assertThat(Http.json(send(get(this.cluster.gatewayUrl() + "/admin/lb").header("Authorization", admin())))
				.path("routes")
				.path("api")
				.path("policy")
				.asString()).isEqualTo("round-robin");
			assertThat(send(get(this.cluster.registryUrl() + "/v1/services/spelling")).body())
				.doesNotContain("spelling-1");
		})));
	}

	/**
	 * A path that climbs out of {@code /api} goes through the gateway's route to a node:
	 * the gateway forwards the path as it came (it does not normalize it, and adds no
	 * token to a proxied request), and the node's handler mappings and admin interceptor
	 * match the same undecoded, unnormalized path, so no admin handler is reached.
	 */
	@TestFactory
	@Order(7)
	Stream<DynamicTest> shouldNotReachANodesAdminApiByClimbingOutOfTheApiRoute() {
		List<String> paths = List.of("/api/../admin/chaos", "/api/%2e%2e/admin/chaos", "/api/%2E%2E/admin/chaos",
				"/api/.%2e/admin/chaos", "/api/..;/admin/chaos", "/api/x/../../admin/chaos", "/api/..%2Fadmin/chaos",
				"/api/%2e%2e%2fadmin%2fchaos", "/api//../admin/chaos", "/api;x/../admin/chaos",
				"/api/..%5cadmin/chaos");
		Map<String, Integer> statuses = new LinkedHashMap<>();
		return Stream.concat(paths.stream().map((path) -> DynamicTest.dynamicTest("PUT " + path, () -> {
			RawHttp.Response response = RawHttp.send(null, gatewayPort(), "PUT", path, Map.of(), "{\"errorRate\":1.0}");
			statuses.put(path, response.status());
			assertThat(response.status()).as("PUT %s: %s", path, response.body()).isIn(400, 401, 404);
		})), Stream.of(DynamicTest.dynamicTest("no node has chaos", () -> {
			System.out.println("climbing out of /api through the gateway, answers: " + statuses);
			assertThat(chaosOf("node-1")).isEqualTo(chaosOf("node-2")).isEqualTo(NO_CHAOS);
		})));
	}

	/**
	 * Last: every log of the run, after admin calls with the right tokens, wrong ones, a
	 * wrong one that contains the right one, a registry write and the console's chaos
	 * passthrough (the gateway's own use of the admin token), holds no token.
	 */
	@Test
	@Order(100)
	void shouldWriteNoTokenIntoAnyLog() throws IOException {
		String admin = this.cluster.adminToken();
		String registry = this.cluster.registryToken();
		assertThat(send(get(this.cluster.gatewayUrl() + "/admin/lb").header("Authorization", admin())).statusCode())
			.isEqualTo(200);
		assertThat(send(get(this.cluster.gatewayUrl() + "/admin/lb").header("Authorization", "Bearer " + admin + "x"))
			.statusCode()).isEqualTo(401);
		// the rows before spend the per-address admin limits of 127.0.0.1 (the gateway's
		// address at the node, too) in a fast run: wait out a 429 as a client would
		HttpResponse<String> passthrough = null;
		for (int attempt = 0; attempt < 5; attempt++) {
			passthrough = this.cluster.send("PUT", this.cluster.gatewayUrl() + "/admin/instances/node-1/chaos", admin,
					"{\"latencyMs\":1}");
			if (passthrough.statusCode() != 429) {
				break;
			}
			long retryAfter = passthrough.headers().firstValueAsLong("Retry-After").orElse(1);
			LockSupport.parkNanos(Duration.ofSeconds(Math.min(Math.max(retryAfter, 1), 5)).toNanos());
		}
		assertThat(passthrough.statusCode()).as("%s %s", passthrough.headers().map(), passthrough.body())
			.isEqualTo(200);
		assertThat(this.cluster.send("DELETE", this.cluster.gatewayUrl() + "/admin/instances/node-1/chaos", admin, null)
			.statusCode()).isEqualTo(204);
		assertThat(
				this.cluster.send("PUT", this.cluster.nodeUrl("node-2") + "/admin/chaos", registry, "{}").statusCode())
			.isEqualTo(401);
		assertThat(this.cluster
			.send("PUT", this.cluster.registryUrl() + "/v1/services/logged/instances/logged-1", registry,
					"{\"host\":\"127.0.0.1\",\"port\":9}")
			.statusCode()).isEqualTo(200);
		assertThat(this.cluster
			.send("DELETE", this.cluster.registryUrl() + "/v1/services/logged/instances/logged-1", "x" + registry, null)
			.statusCode()).isEqualTo(401);

		List<Path> logs = this.cluster.stopAndListLogs();

		assertThat(logs).extracting((log) -> log.getFileName().toString())
			.contains("gateway.log", "registry.log", "node-1.log", "node-2.log", "redis.log");
		for (Path log : logs) {
			String text = Files.readString(log, StandardCharsets.ISO_8859_1);
			assertThat(text).as("%s (%d bytes)", log, text.length()).isNotEmpty().doesNotContain(admin, registry);
		}
	}

	private static final String NO_CHAOS = "{\"latencyMs\":0,\"errorRate\":0.0}";

	private String chaosOf(String node) {
		JsonNode chaos = Http.json(
				this.cluster.send("GET", this.cluster.nodeUrl(node) + "/admin/chaos", this.cluster.adminToken(), null));
		return "{\"latencyMs\":" + chaos.path("latencyMs").asInt() + ",\"errorRate\":"
				+ chaos.path("errorRate").asDouble() + "}";
	}

	private int gatewayPort() {
		return URI.create(this.cluster.gatewayUrl()).getPort();
	}

	/**
	 * Add a row for each spelling of a call, each sent from a loopback address of its
	 * own, so that the rate limits (on, as shipped) let every one reach the token check.
	 */
	private static void spell(List<Spelled> rows, String api, int port, String method, String path, String body) {
		for (SpellingRow row : SpellingRow.of(List.of(new ProtectedCall(method, path, path, api)))) {
			int n = rows.size() + 1;
			try {
				rows.add(new Spelled(row, InetAddress.getByName("127.5." + (n / 250) + "." + (n % 250 + 1)), port,
						body));
			}
			catch (UnknownHostException ex) {
				throw new IllegalStateException(ex);
			}
		}
	}

	private record Spelled(SpellingRow row, InetAddress from, int port, String body) {

		@Override
		public String toString() {
			return this.row.call().handler() + ": " + this.row;
		}

	}

	// ---- the table ----

	private List<Row> registryRows() {
		String token = "Bearer " + this.cluster.registryToken();
		String body = "{\"host\":\"127.0.0.1\",\"port\":9}";
		return List.of(
				// tokens
				row("registry", "register without a token").put(INSTANCE, body).expect(401),
				row("registry", "register with a wrong token").put(INSTANCE, body).auth("Bearer nope").expect(401),
				row("registry", "register with basic auth").put(INSTANCE, body).auth("Basic aXQ6aXQ=").expect(401),
				row("registry", "register with an empty bearer").put(INSTANCE, body).auth("Bearer ").expect(401),
				row("registry", "register with the token and a suffix").put(INSTANCE, body)
					.auth(token + "x")
					.expect(401),
				row("registry", "deregister without a token").method("DELETE", INSTANCE, null).expect(401),
				row("registry", "heartbeat without a token").method("PUT", INSTANCE + "/heartbeat", null).expect(401),
				// bodies
				row("registry", "broken json").put(INSTANCE, "{\"host\":").auth(token).expect(400),
				row("registry", "json array").put(INSTANCE, "[1,2]").auth(token).expect(400),
				row("registry", "empty body").put(INSTANCE, "").auth(token).expect(400),
				row("registry", "huge body").put(INSTANCE, "{\"host\":\"" + HUGE + "\",\"port\":1}")
					.auth(token)
					.expect(413),
				row("registry", "form body").put(INSTANCE, "host=a&port=1").type(FORM).auth(token).expect(415),
				// types and numbers
				row("registry", "port as text").put(INSTANCE, "{\"host\":\"127.0.0.1\",\"port\":\"abc\"}")
					.auth(token)
					.expect(400),
				row("registry", "port zero").put(INSTANCE, "{\"host\":\"127.0.0.1\",\"port\":0}")
					.auth(token)
					.expect(400),
				row("registry", "port negative").put(INSTANCE, "{\"host\":\"127.0.0.1\",\"port\":-1}")
					.auth(token)
					.expect(400),
				row("registry", "port 65536").put(INSTANCE, "{\"host\":\"127.0.0.1\",\"port\":65536}")
					.auth(token)
					.expect(400),
				row("registry", "port beyond a long")
					.put(INSTANCE, "{\"host\":\"127.0.0.1\",\"port\":99999999999999999999}")
					.auth(token)
					.expect(400),
				row("registry", "port with a fraction").put(INSTANCE, "{\"host\":\"127.0.0.1\",\"port\":80.5}")
					.auth(token)
					.expect(400),
				row("registry", "ttl of 1e12").put(INSTANCE, "{\"host\":\"127.0.0.1\",\"port\":1,\"ttlSeconds\":1e12}")
					.auth(token)
					.expect(400),
				row("registry", "weight zero")
					.put(INSTANCE, "{\"host\":\"127.0.0.1\",\"port\":1,\"metadata\":{\"weight\":\"0\"}}")
					.auth(token)
					.expect(400),
				// hosts and names
				row("registry", "host with a scheme").put(INSTANCE, "{\"host\":\"http://evil\",\"port\":1}")
					.auth(token)
					.expect(400),
				row("registry", "host with CR LF").put(INSTANCE, "{\"host\":\"a\\r\\nX-Evil: 1\",\"port\":1}")
					.auth(token)
					.expect(400),
				row("registry", "host 999.1.1.1").put(INSTANCE, "{\"host\":\"999.1.1.1\",\"port\":1}")
					.auth(token)
					.expect(400),
				row("registry", "service in upper case").put("/v1/services/Hostile/instances/h-1", body)
					.auth(token)
					.expect(400),
				row("registry", "service too long").get("/v1/services/" + "a".repeat(64)).expect(400),
				row("registry", "instance id traversal").put("/v1/services/hostile/instances/..%2F..%2Fetc", body)
					.auth(token)
					.expect(400),
				row("registry", "service traversal").get("/v1/services/..%2Fadmin").expect(400),
				row("registry", "service in unicode").get("/v1/services/%C3%A9t%C3%A9").expect(400),
				row("registry", "status in lower case").put(INSTANCE + "/status", "{\"status\":\"up\"}")
					.auth(token)
					.expect(400),
				// queries, methods, paths
				row("registry", "negative index").get("/v1/services/node-service?index=-1").expect(400),
				row("registry", "index beyond a long").get("/v1/services/node-service?index=999999999999999999999")
					.expect(400),
				row("registry", "wait as text").get("/v1/services/node-service?index=1&wait=soon").expect(400),
				row("registry", "POST on a service").post("/v1/services/node-service", "{}").auth(token).expect(405),
				row("registry", "unknown instance heartbeat")
					.method("PUT", "/v1/services/hostile/instances/nobody/heartbeat", null)
					.auth(token)
					.expect(404),
				row("registry", "actuator env").get("/actuator/env").expect(404),
				row("registry", "actuator beans").get("/actuator/beans").expect(404),
				row("registry", "actuator heapdump").get("/actuator/heapdump").expect(404),
				// raw
				row("registry", "raw: bare CR in a header")
					.raw("GET /v1/services HTTP/1.1\r\nHost: x\r\nX-A: b\rX-Evil: 1\r\n")
					.expect(400),
				row("registry", "raw: 64 KiB header")
					.raw("GET /v1/services HTTP/1.1\r\nHost: x\r\nX-Big: " + "y".repeat(65536) + "\r\n")
					.expect(400),
				row("registry", "raw: NUL in the path").raw("GET /v1/services/a%00b HTTP/1.1\r\nHost: x\r\n")
					.expect(400));
	}

	private List<Row> gatewayRows() {
		String token = admin();
		String lb = "/admin/lb/routes/api";
		String chaos = "/admin/instances/node-1/chaos";
		String status = "/admin/instances/node-1/status";
		return List.of(
				// tokens: 9 failed authentications, below the 10 an address may make at
				// once
				row("gateway", "admin without a token").get("/admin/lb").expect(401),
				row("gateway", "admin with a wrong token").get("/admin/lb").auth("Bearer nope").expect(401),
				row("gateway", "admin with basic auth").get("/admin/lb").auth("Basic YWRtaW46YWRtaW4=").expect(401),
				row("gateway", "admin with an empty bearer").get("/admin/lb").auth("Bearer ").expect(401),
				row("gateway", "admin with the token less its last character").get("/admin/lb")
					.auth(token.substring(0, token.length() - 1))
					.expect(401),
				row("gateway", "admin with the token and a suffix").get("/admin/lb").auth(token + "0").expect(401),
				row("gateway", "admin token in the query string")
					.get("/admin/lb?access_token=" + this.cluster.adminToken())
					.expect(401),
				row("gateway", "policy switch without a token").put(lb, "{\"policy\":\"random\"}").expect(401),
				row("gateway", "chaos with a wrong token").put(chaos, "{\"latencyMs\":1}")
					.auth("Bearer nope")
					.expect(401),
				// the policy switch
				row("gateway", "policy: broken json").put(lb, "{\"policy\":").auth(token).expect(400),
				row("gateway", "policy: json array").put(lb, "[1]").auth(token).expect(400),
				row("gateway", "policy: object as the policy").put(lb, "{\"policy\":{}}").auth(token).expect(400),
				row("gateway", "policy: empty body").put(lb, "").auth(token).expect(400),
				row("gateway", "policy: blank policy").put(lb, "{\"policy\":\" \"}").auth(token).expect(400),
				row("gateway", "policy: unknown policy").put(lb, "{\"policy\":\"fastest\"}").auth(token).expect(400),
				row("gateway", "policy: number as the policy").put(lb, "{\"policy\":5}").auth(token).expect(400),
				row("gateway", "policy: invalid hash key")
					.put(lb, "{\"policy\":\"consistent-hash\",\"hashKey\":\"bogus:x\"}")
					.auth(token)
					.expect(400),
				row("gateway", "policy: text/plain").put(lb, "random").type("text/plain").auth(token).expect(415),
				row("gateway", "policy: form body").put(lb, "policy=random").type(FORM).auth(token).expect(415),
				row("gateway", "policy: huge body").put(lb, "{\"policy\":\"" + HUGE + "\"}").auth(token).expect(413),
				row("gateway", "policy: unknown route").put("/admin/lb/routes/nope", "{\"policy\":\"random\"}")
					.auth(token)
					.expect(404),
				row("gateway", "policy: route traversal")
					.put("/admin/lb/routes/..%2F..%2Fapi", "{\"policy\":\"random\"}")
					.auth(token)
					.expect(404),
				row("gateway", "policy: route in unicode").put("/admin/lb/routes/%C3%A9", "{\"policy\":\"random\"}")
					.auth(token)
					.expect(404),
				row("gateway", "POST /admin/lb").post("/admin/lb", "{}").auth(token).expect(405),
				row("gateway", "DELETE /admin/lb").method("DELETE", "/admin/lb", null).auth(token).expect(405),
				// chaos and status passthroughs
				row("gateway", "chaos: unknown instance").get("/admin/instances/nobody/chaos").auth(token).expect(404),
				row("gateway", "chaos: instance traversal").get("/admin/instances/..%2Fnode-1/chaos")
					.auth(token)
					.expect(404),
				row("gateway", "chaos: broken json").put(chaos, "{\"latencyMs\":").auth(token).expect(400),
				row("gateway", "chaos: negative latency").put(chaos, "{\"latencyMs\":-1}").auth(token).expect(400),
				row("gateway", "chaos: error rate 2").put(chaos, "{\"errorRate\":2}").auth(token).expect(400),
				row("gateway", "chaos: text/plain").put(chaos, "latencyMs=1")
					.type("text/plain")
					.auth(token)
					.expect(415),
				row("gateway", "chaos: huge body").put(chaos, "{\"latencyMs\":\"" + HUGE + "\"}")
					.auth(token)
					.expect(413),
				row("gateway", "chaos: POST").post(chaos, "{}").auth(token).expect(405),
				row("gateway", "status: lower case").put(status, "{\"status\":\"up\"}").auth(token).expect(400),
				row("gateway", "status: DOWN").put(status, "{\"status\":\"DOWN\"}").auth(token).expect(400),
				row("gateway", "status: number").put(status, "{\"status\":1}").auth(token).expect(400),
				row("gateway", "status: unknown instance").put("/admin/instances/nobody/status", "{\"status\":\"UP\"}")
					.auth(token)
					.expect(404),
				// the console's state, the actuator
				row("gateway", "POST /cluster/state").post("/cluster/state", "{}").expect(405),
				row("gateway", "unknown /cluster path").get("/cluster/..%2Fadmin").expect(404),
				row("gateway", "actuator env").get("/actuator/env").expect(404),
				row("gateway", "actuator beans").get("/actuator/beans").expect(404),
				row("gateway", "actuator heapdump").get("/actuator/heapdump").expect(404),
				// routed to a node
				row("gateway", "routed: catalog key traversal").get("/api/catalog/..%2F..%2Fetc").expect(400),
				row("gateway", "routed: catalog key in unicode").get("/api/catalog/%C3%A9t%C3%A9").expect(400),
				row("gateway", "routed: negative cpuMs").get("/api/work?cpuMs=-1").expect(400),
				row("gateway", "routed: cpuMs as text").get("/api/work?cpuMs=abc").expect(400),
				row("gateway", "routed: cpuMs beyond a long").get("/api/work?cpuMs=99999999999999999999").expect(400),
				row("gateway", "routed: cart item broken json").post("/api/cart/items", "{\"sku\":").expect(400),
				row("gateway", "routed: cart item as xml").post("/api/cart/items", "<item/>")
					.type("application/xml")
					.expect(415),
				row("gateway", "routed: forged sticky cookie").get("/api/nothing")
					.header("Cookie", "SY_NODE=forged; SESSION=forged")
					.expect(404),
				row("gateway", "routed: explain with a hostile value").get("/api/nothing")
					.header("X-LB-Explain", "true\u00e9")
					.expect(404),
				row("gateway", "routed: unknown path").get("/api/nothing").expect(404),
				// raw
				row("gateway", "raw: NUL in a routed path").raw("GET /api/catalog/a%00b HTTP/1.1\r\nHost: x\r\n")
					.expect(400),
				// refused by Reactor Netty's codec before the application sees them
				row("gateway", "raw: bare CR in a header")
					.raw("GET /api/whoami HTTP/1.1\r\nHost: x\r\nX-A: b\rX-Evil: 1\r\n")
					.expect(400),
				row("gateway", "raw: 64 KiB header")
					.raw("GET /api/whoami HTTP/1.1\r\nHost: x\r\nX-Big: " + "y".repeat(65536) + "\r\n")
					.expect(431),
				row("gateway", "raw: invalid request line").raw("GARBAGE\r\n").expect(400),
				// refused by Spring WebFlux, which cannot make a URI of them
				row("gateway", "raw: invalid percent-encoding").raw("GET /api/catalog/%zz HTTP/1.1\r\nHost: x\r\n")
					.expect(400),
				row("gateway", "raw: a pipe in a routed path").raw("GET /api/a|b HTTP/1.1\r\nHost: x\r\n").expect(400),
				row("gateway", "raw: negative Content-Length")
					.raw("POST /api/cart/items HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
							+ "Content-Length: -1\r\n")
					.expect(400));
	}

	private List<Row> nodeRows() {
		String token = admin();
		String items = "/api/cart/items";
		return List.of(
				// tokens: 8 failed authentications, below the 10 an address may make at
				// once
				row("node", "chaos without a token").get("/admin/chaos").expect(401),
				row("node", "chaos with a wrong token").get("/admin/chaos").auth("Bearer nope").expect(401),
				row("node", "chaos with basic auth").get("/admin/chaos").auth("Basic YWRtaW46YWRtaW4=").expect(401),
				row("node", "chaos with an empty bearer").get("/admin/chaos").auth("Bearer ").expect(401),
				row("node", "chaos with the token and a suffix").get("/admin/chaos").auth(token + "0").expect(401),
				row("node", "chaos set without a token").put("/admin/chaos", "{\"errorRate\":1}").expect(401),
				row("node", "chaos clear with a wrong token").method("DELETE", "/admin/chaos", null)
					.auth("Bearer nope")
					.expect(401),
				row("node", "unknown admin path without a token").get("/admin/../admin/env").expect(401),
				// chaos
				row("node", "chaos: error rate 2").put("/admin/chaos", "{\"errorRate\":2}").auth(token).expect(400),
				row("node", "chaos: error rate NaN").put("/admin/chaos", "{\"errorRate\":NaN}").auth(token).expect(400),
				row("node", "chaos: error rate as text").put("/admin/chaos", "{\"errorRate\":\"high\"}")
					.auth(token)
					.expect(400),
				row("node", "chaos: negative latency").put("/admin/chaos", "{\"latencyMs\":-1}")
					.auth(token)
					.expect(400),
				row("node", "chaos: latency 1e20").put("/admin/chaos", "{\"latencyMs\":1e20}").auth(token).expect(400),
				row("node", "chaos: broken json").put("/admin/chaos", "{\"latencyMs\"").auth(token).expect(400),
				row("node", "chaos: text/plain").put("/admin/chaos", "x").type("text/plain").auth(token).expect(415),
				row("node", "chaos: POST").post("/admin/chaos", "{}").auth(token).expect(405),
				row("node", "unknown admin path").get("/admin/env").auth(token).expect(404),
				// the cart
				row("node", "cart item: broken json").post(items, "{\"sku\":").expect(400),
				row("node", "cart item: json null").post(items, "null").expect(400),
				row("node", "cart item: qty as text").post(items, "{\"sku\":\"a\",\"qty\":\"lots\"}").expect(400),
				row("node", "cart item: qty zero").post(items, "{\"sku\":\"a\",\"qty\":0}").expect(400),
				row("node", "cart item: qty 100").post(items, "{\"sku\":\"a\",\"qty\":100}").expect(400),
				row("node", "cart item: qty 1.5").post(items, "{\"sku\":\"a\",\"qty\":1.5}").expect(400),
				row("node", "cart item: qty 1e99").post(items, "{\"sku\":\"a\",\"qty\":1e99}").expect(400),
				row("node", "cart item: qty beyond a long").post(items, "{\"sku\":\"a\",\"qty\":99999999999999999999}")
					.expect(400),
				row("node", "cart item: missing sku").post(items, "{\"qty\":1}").expect(400),
				row("node", "cart item: sku with a space").post(items, "{\"sku\":\"a b\",\"qty\":1}").expect(400),
				row("node", "cart item: sku in unicode").post(items, "{\"sku\":\"\u00e9t\u00e9\",\"qty\":1}")
					.expect(400),
				row("node", "cart item: sku of 41 characters")
					.post(items, "{\"sku\":\"" + "a".repeat(41) + "\",\"qty\":1}")
					.expect(400),
				row("node", "cart item: as xml").post(items, "<item/>").type("application/xml").expect(415),
				row("node", "cart item: form body").post(items, "sku=a&qty=1").type(FORM).expect(415),
				row("node", "cart item: huge body").post(items, "{\"sku\":\"" + HUGE + "\",\"qty\":1}").expect(413),
				row("node", "cart items: GET").get(items).expect(405),
				row("node", "cart: PUT").put("/api/cart", "{}").expect(405),
				// the catalog
				row("node", "catalog: key of 129 characters").get("/api/catalog/" + "a".repeat(129)).expect(400),
				row("node", "catalog: encoded traversal").get("/api/catalog/..%2F..%2Fetc").expect(400),
				row("node", "catalog: encoded backslash").get("/api/catalog/a%5Cb").expect(400),
				row("node", "catalog: key in unicode").get("/api/catalog/%C3%A9t%C3%A9").expect(400),
				row("node", "catalog: encoded dot-dot").get("/api/catalog/%2e%2e").expect(400),
				row("node", "catalog: negative minVersion").get("/api/catalog?minVersion=-1").expect(400),
				row("node", "catalog: minVersion as text").get("/api/catalog?minVersion=abc").expect(400),
				row("node", "catalog: minVersion beyond a long").get("/api/catalog?minVersion=99999999999999999999")
					.expect(400),
				row("node", "catalog: X-Min-Version as text").get("/api/catalog")
					.header("X-Min-Version", "abc")
					.expect(400),
				row("node", "catalog: null value").put("/api/catalog/hostile", "{\"value\":null}").expect(400),
				row("node", "catalog: value over 4 KiB")
					.put("/api/catalog/hostile", "{\"value\":\"" + "v".repeat(5000) + "\"}")
					.expect(400),
				row("node", "catalog: huge value").put("/api/catalog/hostile", "{\"value\":\"" + HUGE + "\"}")
					.expect(413),
				row("node", "catalog: DELETE").method("DELETE", "/api/catalog/hostile", null).expect(405),
				row("node", "catalog: unknown key").get("/api/catalog/no-such-key").expect(404),
				// jobs
				row("node", "job: zero duration").post("/api/jobs", "{\"durationMs\":0}").expect(400),
				row("node", "job: negative duration").post("/api/jobs", "{\"durationMs\":-1}").expect(400),
				row("node", "job: duration over 10 minutes").post("/api/jobs", "{\"durationMs\":600001}").expect(400),
				row("node", "job: duration as text").post("/api/jobs", "{\"durationMs\":\"x\"}").expect(400),
				row("node", "job: duration 1e30").post("/api/jobs", "{\"durationMs\":1e30}").expect(400),
				row("node", "job: duration with a fraction").post("/api/jobs", "{\"durationMs\":1.5}").expect(400),
				row("node", "job: id traversal").get("/api/jobs/..%2F..%2Fetc").expect(404),
				row("node", "job: unknown id").method("DELETE", "/api/jobs/00000000-0000-0000-0000-000000000000", null)
					.expect(404),
				row("node", "jobs: PUT").put("/api/jobs", "{}").expect(405),
				// the local counter, work
				row("node", "counter: PUT").put("/api/local/counter", "{}").expect(405),
				row("node", "counter: DELETE").method("DELETE", "/api/local/counter", null).expect(405),
				row("node", "work: negative cpuMs").get("/api/work?cpuMs=-1").expect(400),
				row("node", "work: ioMs over 10 s").get("/api/work?ioMs=10001").expect(400),
				row("node", "work: cpuMs as text").get("/api/work?cpuMs=1e3").expect(400),
				row("node", "work: POST").post("/api/work", "{}").expect(405),
				// the actuator
				row("node", "actuator env").get("/actuator/env").expect(404),
				row("node", "actuator beans").get("/actuator/beans").expect(404),
				row("node", "actuator heapdump").get("/actuator/heapdump").expect(404),
				// raw
				row("node", "raw: NUL in the path").raw("GET /api/catalog/a%00b HTTP/1.1\r\nHost: x\r\n").expect(400),
				row("node", "raw: invalid percent-encoding").raw("GET /api/catalog/%zz HTTP/1.1\r\nHost: x\r\n")
					.expect(400),
				row("node", "raw: bare CR in a header")
					.raw("GET /api/whoami HTTP/1.1\r\nHost: x\r\nX-A: b\rX-Evil: 1\r\n")
					.expect(400),
				row("node", "raw: 64 KiB header")
					.raw("GET /api/whoami HTTP/1.1\r\nHost: x\r\nX-Big: " + "y".repeat(65536) + "\r\n")
					.expect(400),
				row("node", "raw: invalid request line").raw("GARBAGE\r\n").expect(400),
				row("node", "raw: raw UTF-8 in the path").raw("GET /api/catalog/\u00e9t\u00e9 HTTP/1.1\r\nHost: x\r\n")
					.expect(400),
				row("node", "raw: negative Content-Length").raw(
						"POST /api/cart/items HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: -1\r\n")
					.expect(400));
	}

	// ---- running a row ----

	private void check(Row row) {
		String base = switch (row.api) {
			case "registry" -> this.cluster.registryUrl();
			case "gateway" -> this.cluster.gatewayUrl();
			default -> this.cluster.nodeUrl("node-1");
		};
		Answer answer = (row.raw != null) ? raw(base, row.raw) : http(base, row);

		assertThat(answer.status()).as("%s %s: %s", row.method, row.path, answer.body()).isEqualTo(row.status);
		assertThat(answer.contentType()).as("content type; body %s", answer.body())
			.startsWith("application/problem+json");
		JsonNode problem = JSON.readTree(answer.body());
		assertThat(problem.path("status").asInt()).isEqualTo(row.status);
		assertThat(answer.body()).doesNotContain("Exception").doesNotContain("\tat ");
	}

	private Answer http(String base, Row row) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + row.path))
			.method(row.method, (row.body != null) ? BodyPublishers.ofString(row.body) : BodyPublishers.noBody());
		if (row.body != null) {
			request.header("Content-Type", row.contentType);
		}
		row.headers.forEach(request::header);
		HttpResponse<String> response = send(request);
		return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
				response.body());
	}

	/**
	 * Send bytes as they are, which no HTTP client would, and read the answer until the
	 * server closes the connection.
	 */
	private static Answer raw(String base, String head) {
		URI uri = URI.create(base);
		try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write((head + "Connection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
			out.flush();
			String response = new String(readUpTo(socket.getInputStream(), 256 * 1024), StandardCharsets.UTF_8);
			int headEnd = response.indexOf("\r\n\r\n");
			assertThat(headEnd).as("a complete answer: %s", response).isPositive();
			String[] lines = response.substring(0, headEnd).split("\r\n");
			int status = Integer.parseInt(lines[0].split(" ")[1]);
			String contentType = "";
			boolean chunked = false;
			for (String line : lines) {
				String lower = line.toLowerCase(Locale.ROOT);
				if (lower.startsWith("content-type:")) {
					contentType = line.substring("content-type:".length()).trim();
				}
				chunked |= lower.startsWith("transfer-encoding:") && lower.contains("chunked");
			}
			String body = response.substring(headEnd + 4);
			return new Answer(status, contentType, chunked ? dechunk(body) : body);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static byte[] readUpTo(InputStream in, int max) throws IOException {
		ByteArrayOutputStream read = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		try {
			for (int n = in.read(buffer); n != -1 && read.size() < max; n = in.read(buffer)) {
				read.write(buffer, 0, n);
			}
		}
		catch (IOException ex) {
			// a server may reset the connection after its answer: keep what came
			if (read.size() == 0) {
				throw ex;
			}
		}
		return read.toByteArray();
	}

	private static String dechunk(String chunked) {
		StringBuilder body = new StringBuilder();
		int at = 0;
		for (int chunks = 0; chunks < 1000; chunks++) {
			int lineEnd = chunked.indexOf("\r\n", at);
			if (lineEnd < 0) {
				break;
			}
			int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
			if (size == 0) {
				break;
			}
			body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
			at = lineEnd + 2 + size + 2;
		}
		return body.toString();
	}

	// ---- helpers ----

	private String admin() {
		return "Bearer " + this.cluster.adminToken();
	}

	private static HttpRequest.Builder get(String url) {
		return HttpRequest.newBuilder(URI.create(url)).GET();
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		return send(this.client, request);
	}

	private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) {
		try {
			return client.send(request.timeout(Duration.ofSeconds(20)).build(), BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static void assertProblem(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(JSON.readTree(response.body()).path("status").asInt()).isEqualTo(status);
	}

	/**
	 * A client whose connections come from a loopback address of its own, which the rate
	 * limits see as another client.
	 */
	private static HttpClient client(String localAddress) {
		HttpClient.Builder builder = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(2));
		if (localAddress != null) {
			try {
				builder.localAddress(InetAddress.getByName(localAddress));
			}
			catch (UnknownHostException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return builder.build();
	}

	private static Row row(String api, String name) {
		return new Row(api, name);
	}

	private record Answer(int status, String contentType, String body) {

	}

	/**
	 * One hostile request and the status it must get.
	 */
	private static final class Row {

		private final String api;

		private final String name;

		private final Map<String, String> headers = new LinkedHashMap<>();

		private String method = "GET";

		private String path;

		private String body;

		private String contentType = "application/json";

		private String raw;

		private int status;

		Row(String api, String name) {
			this.api = api;
			this.name = name;
		}

		Row get(String path) {
			return method("GET", path, null);
		}

		Row put(String path, String body) {
			return method("PUT", path, body);
		}

		Row post(String path, String body) {
			return method("POST", path, body);
		}

		Row method(String method, String path, String body) {
			this.method = method;
			this.path = path;
			this.body = body;
			return this;
		}

		Row type(String contentType) {
			this.contentType = contentType;
			return this;
		}

		Row auth(String authorization) {
			return header("Authorization", authorization);
		}

		Row header(String name, String value) {
			this.headers.put(name, value);
			return this;
		}

		Row raw(String head) {
			this.method = "RAW";
			this.path = head.substring(0, Math.min(head.indexOf('\r'), 60));
			this.raw = head;
			return this;
		}

		Row expect(int status) {
			this.status = status;
			return this;
		}

	}

}
