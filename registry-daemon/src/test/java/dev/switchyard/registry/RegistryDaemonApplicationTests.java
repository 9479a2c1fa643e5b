package dev.switchyard.registry;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;
import dev.switchyard.registry.instance.InstanceStore;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.web.filter.OncePerRequestFilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "registry.security.token=it-token",
		"registry.health.interval=200ms", "registry.health.timeout=500ms", "registry.lease.reap-interval=100ms" })
class RegistryDaemonApplicationTests {

	private static final String PROBLEM_JSON = "application/problem+json";

	@LocalServerPort
	private int port;

	@Autowired
	private InstanceStore store;

	@Autowired
	private JsonMapper jsonMapper;

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.proxy(HttpClient.Builder.NO_PROXY)
		.build();

	@AfterEach
	void closeClient() {
		this.client.shutdownNow();
	}

	@Test
	void shouldAnswerBlockingQuerySoonAfterChangeOnAnotherThread() throws Exception {
		long index = get("/v1/services/blocking").get("index").asLong();
		CompletableFuture<HttpResponse<String>> answer = this.client.sendAsync(
				request("/v1/services/blocking?index=" + index + "&wait=30s").GET().build(), BodyHandlers.ofString());
		await().atMost(Duration.ofSeconds(5)).until(() -> this.store.waiting() > 0);
		assertThat(answer).isNotDone();
		AtomicLong changedAt = new AtomicLong();

		Thread registrar = Thread.ofVirtual().start(() -> {
			changedAt.set(System.nanoTime());
			register("blocking", "node-1", "127.0.0.1", unusedPort(), 60);
		});
		HttpResponse<String> response = answer.get(10, TimeUnit.SECONDS);
		long answeredAt = System.nanoTime();

		assertThat(registrar.join(Duration.ofSeconds(5))).isTrue();
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(Duration.ofNanos(answeredAt - changedAt.get())).isLessThan(Duration.ofSeconds(1));
		JsonNode body = this.jsonMapper.readTree(response.body());
		assertThat(body.get("index").asLong()).isGreaterThan(index);
		assertThat(body.get("instances").get(0).get("instanceId").asString()).isEqualTo("node-1");
		assertThat(response.headers().firstValue("X-Registry-Index")).hasValue(body.get("index").asString());
	}

	@Test
	void shouldAnswerBlockingQueryWhenWaitPassesWithoutChange() throws Exception {
		long index = get("/v1/services/quiet").get("index").asLong();
		long startedAt = System.nanoTime();

		HttpResponse<String> response = send(request("/v1/services/quiet?index=" + index + "&wait=300ms").GET());
		Duration elapsed = Duration.ofNanos(System.nanoTime() - startedAt);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(elapsed).isBetween(Duration.ofMillis(250), Duration.ofSeconds(5));
		// other services may change meanwhile: they move the index but do not wake this
		// query
		JsonNode body = this.jsonMapper.readTree(response.body());
		assertThat(body.get("index").asLong()).isGreaterThanOrEqualTo(index);
		assertThat(body.get("instances").isEmpty()).isTrue();
	}

	@Test
	void shouldMarkInstanceDownWhenNothingListensOnItsPort() {
		register("unreachable", "node-1", "127.0.0.1", unusedPort(), 60);

		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(status("unreachable")).isEqualTo("DOWN"));
	}

	@Test
	void shouldListTheLastChecksOfEachInstanceNewestFirst() {
		register("checked", "node-1", "127.0.0.1", unusedPort(), 60);

		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			JsonNode checks = checksOf("checked", "node-1");
			assertThat(checks.size()).isBetween(2, 5);
			assertThat(checks.get(0).path("outcome").asString()).isEqualTo("REFUSED");
			assertThat(Instant.parse(checks.get(0).path("at").asString()))
				.isAfterOrEqualTo(Instant.parse(checks.get(1).path("at").asString()));
		});
	}

	@Test
	void shouldKeepInstanceUpWhileItsHealthEndpointAnswers() throws IOException {
		AtomicInteger checks = new AtomicInteger();
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/actuator/health", (exchange) -> {
			checks.incrementAndGet();
			byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		server.start();
		try {
			register("healthy", "node-1", "127.0.0.1", server.getAddress().getPort(), 60);

			await().atMost(Duration.ofSeconds(5)).until(() -> checks.get() >= 3);

			await().during(Duration.ofMillis(600))
				.atMost(Duration.ofSeconds(3))
				.untilAsserted(() -> assertThat(status("healthy")).isEqualTo("UP"));
		}
		finally {
			server.stop(0);
		}
	}

	@Test
	void shouldRemoveInstanceWhoseLeaseIsNotRenewed() throws Exception {
		register("short-lived", "node-1", "127.0.0.1", unusedPort(), 1);
		assertThat(get("/v1/services/short-lived").get("instances").size()).isOne();

		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(get("/v1/services/short-lived").get("instances").size()).isZero());

		HttpResponse<String> metrics = send(request("/actuator/prometheus").GET());
		assertThat(metrics.body().lines()).anyMatch((line) -> line.startsWith("registry_instances_removed_total{")
				&& line.contains("reason=\"EXPIRED\"") && !line.endsWith(" 0.0"));
		assertThat(metrics.body().lines())
			.anyMatch((line) -> line.startsWith("registry_registrations_total") && !line.endsWith(" 0.0"));
		assertThat(metrics.body().lines()).anyMatch((line) -> line.startsWith("registry_health_checks_total{")
				&& line.contains("outcome=\"REFUSED\"") && !line.endsWith(" 0.0"));
	}

	@Test
	void shouldRejectChunkedBodyOverLimitWhileReading() throws Exception {
		byte[] body = ("{\"host\":\"" + "a".repeat(70 * 1024) + "\",\"port\":1}").getBytes(StandardCharsets.UTF_8);

		HttpResponse<String> response = send(
				request("/v1/services/big/instances/node-1").header("Authorization", "Bearer it-token")
					.header("Content-Type", "application/json")
					.PUT(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));

		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.headers().firstValue("Content-Type")).hasValue(PROBLEM_JSON);
	}

	@Test
	void shouldRenderErrorsRaisedOutsideSpringMvcAsProblems() throws Exception {
		HttpResponse<String> failed = send(request("/test/fail").GET());
		HttpResponse<String> rejected = send(request("/test/reject").header("Accept", "text/html").GET());

		assertThat(failed.statusCode()).isEqualTo(500);
		assertThat(failed.headers().firstValue("Content-Type")).hasValue(PROBLEM_JSON);
		assertThat(failed.body()).doesNotContain("boom");
		assertThat(rejected.statusCode()).isEqualTo(400);
		assertThat(rejected.headers().firstValue("Content-Type")).hasValue(PROBLEM_JSON);
		assertThat(this.jsonMapper.readTree(rejected.body()).get("detail").asString()).isEqualTo("rejected by filter");
	}

	@Test
	void shouldRenderErrorsRaisedByTomcatAsProblems() {
		HttpResponse<String> response = send(request("/v1/services/a%2Fb").GET());

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((contentType) -> assertThat(contentType).startsWith(PROBLEM_JSON));
		assertThat(response.body()).contains("\"status\":400").doesNotContain("<html");
	}

	@Test
	void shouldExposeOnlyHealthInfoAndPrometheus() throws Exception {
		assertThat(send(request("/actuator/health/liveness").GET()).statusCode()).isEqualTo(200);
		assertThat(send(request("/actuator/health/readiness").GET()).statusCode()).isEqualTo(200);
		assertThat(send(request("/actuator/info").GET()).statusCode()).isEqualTo(200);
		assertThat(send(request("/actuator/env").GET()).statusCode()).isEqualTo(404);
		assertThat(send(request("/actuator/beans").GET()).statusCode()).isEqualTo(404);
	}

	private void register(String service, String instanceId, String host, int port, int ttlSeconds) {
		String body = "{\"host\":\"%s\",\"port\":%d,\"ttlSeconds\":%d}".formatted(host, port, ttlSeconds);
		HttpResponse<String> response = send(request("/v1/services/" + service + "/instances/" + instanceId)
			.header("Authorization", "Bearer it-token")
			.header("Content-Type", "application/json")
			.PUT(BodyPublishers.ofString(body)));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
	}

	private JsonNode checksOf(String service, String instanceId) {
		for (JsonNode instance : get("/v1/health/checks").path("instances")) {
			if (service.equals(instance.path("service").asString())
					&& instanceId.equals(instance.path("instanceId").asString())) {
				return instance.path("checks");
			}
		}
		return JsonNodeFactory.instance.arrayNode();
	}

	private String status(String service) {
		return get("/v1/services/" + service).get("instances").get(0).get("status").asString();
	}

	private JsonNode get(String path) {
		HttpResponse<String> response = send(request(path).GET());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return this.jsonMapper.readTree(response.body());
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(10));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.client.send(request.build(), BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static int unusedPort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class FailingFilterConfiguration {

		@Bean
		OncePerRequestFilter failingFilter() {
			return new OncePerRequestFilter() {

				@Override
				protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
						FilterChain chain) throws ServletException, IOException {
					switch (request.getRequestURI()) {
						case "/test/fail" -> throw new IllegalStateException("boom");
						case "/test/reject" -> response.sendError(400, "rejected by filter");
						default -> chain.doFilter(request, response);
					}
				}

			};
		}

	}

}
