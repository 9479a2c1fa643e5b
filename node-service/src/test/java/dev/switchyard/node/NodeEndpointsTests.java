package dev.switchyard.node;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.switchyard.registry.client.RegistryClientProperties;
import dev.switchyard.registry.client.registration.InstanceIdentity;
import dev.switchyard.test.FreePorts;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The node as a whole, without Redis: headers, problem bodies, body size limits, actuator
 * exposure, metrics tags and registration metadata.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "spring.data.redis.url=redis://127.0.0.1:1",
		"node.admin.token=", "node.catalog.startup-wait=0s" })
class NodeEndpointsTests {

	@LocalServerPort
	private int port;

	@Autowired
	private InstanceIdentity identity;

	@Autowired
	private RegistryClientProperties registryProperties;

	private final NodeClient client = new NodeClient();

	@DynamicPropertySource
	static void registryProperties(DynamicPropertyRegistry registry) {
		registry.add("registry.client.urls", () -> "http://127.0.0.1:" + FreePorts.find());
	}

	@Test
	void shouldNameInstanceInHeaderAndBody() {
		NodeClient.Response whoami = this.client.get(this.port, "/api/whoami");

		assertThat(whoami.status()).isEqualTo(200);
		assertThat(whoami.header("X-Instance-Id")).isEqualTo(this.identity.instanceId())
			.endsWith("-" + ProcessHandle.current().pid());
		assertThat(whoami.<String>json("$.instanceId")).isEqualTo(this.identity.instanceId());
		assertThat(whoami.<Integer>json("$.port")).isEqualTo(this.port);
		assertThat(whoami.<Boolean>json("$.virtualThread")).isTrue();
		assertThat(whoami.<String>json("$.threads")).isEqualTo("virtual");
	}

	@Test
	void shouldRunWorkOnVirtualThread() {
		NodeClient.Response work = this.client.get(this.port, "/api/work?cpuMs=5&ioMs=5");

		assertThat(work.status()).isEqualTo(200);
		assertThat(work.<Boolean>json("$.virtualThread")).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "application/json", "text/html", "*/*" })
	void shouldAnswerUnknownPathWithProblem(String accept) {
		NodeClient.Response response = this.client.get(this.port, "/api/nothing-here", "Accept", accept);

		assertProblem(response, 404);
	}

	@Test
	void shouldAnswerWrongMethodWithProblem() {
		NodeClient.Response response = this.client.delete(this.port, "/api/whoami");

		assertProblem(response, 405);
	}

	@Test
	void shouldHideUnexpectedFailureBehindProblem() {
		NodeClient.Response response = this.client.get(this.port, "/test/boom", "Accept", "text/html");

		assertProblem(response, 500);
		assertThat(response.body()).doesNotContain("IllegalStateException", "secret", "at dev.");
	}

	@Test
	void shouldRenderFilterFailureAsProblem() {
		NodeClient.Response response = this.client.get(this.port, "/test/filter-boom", "Accept", "text/html");

		assertProblem(response, 500);
		assertThat(response.body()).doesNotContain("IllegalStateException", "secret", "<html");
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET /api/catalog/a%00b HTTP/1.1\r\nHost: x\r\n",
			"GET /api/catalog/%zz HTTP/1.1\r\nHost: x\r\n", "GET /api/whoami HTTP/1.1\r\nHost: x\r\nX-A: b\rX-B: c\r\n",
			"GARBAGE\r\n" })
	void shouldAnswerWhatTomcatRejectsItselfWithProblem(String head) throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write((head + "Connection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));

			String response = new String(socket.getInputStream().readNBytes(64 * 1024), StandardCharsets.UTF_8);

			assertThat(response).startsWith("HTTP/1.1 400")
				.containsIgnoringCase("Content-Type: application/problem+json")
				.contains("\"status\":400")
				.doesNotContain("<html");
		}
	}

	@ParameterizedTest(name = "{0} {1}, chunked: {2}")
	@CsvSource({ "POST, /api/cart/items, false", "POST, /api/cart/items, true", "PUT, /api/catalog/huge, false",
			"PUT, /api/catalog/huge, true" })
	void shouldRejectBodyOverLimitWith413(String method, String path, boolean chunked) {
		String field = path.startsWith("/api/cart") ? "sku" : "value";
		byte[] body = ("{\"" + field + "\":\"" + "x".repeat(1024 * 1024) + "\",\"qty\":1}")
			.getBytes(StandardCharsets.UTF_8);
		HttpRequest.BodyPublisher publisher = chunked
				? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
				: HttpRequest.BodyPublishers.ofByteArray(body);

		NodeClient.Response response = new NodeClient().sendJson(this.port, method, path, publisher);

		assertProblem(response, 413);
		assertThat(response.<String>json("$.detail")).isEqualTo("The request body exceeds the limit of 65536 bytes");
		assertThat(response.header("Connection")).isEqualTo("close");
		assertThat(this.client.get(this.port, "/api/whoami").status()).isEqualTo(200);
	}

	@Test
	void shouldAnswerLongWaitWithJson() {
		NodeClient.Response work = this.client.get(this.port, "/api/work?ioMs=600");

		assertThat(work.status()).isEqualTo(200);
		assertThat(work.header("Content-Type")).startsWith("application/json");
		assertThat(work.header("X-Instance-Id")).isEqualTo(this.identity.instanceId());
		assertThat(work.<Integer>json("$.ioMs")).isEqualTo(600);
	}

	@Test
	void shouldStopWaitingWhenClientLeaves() throws IOException {
		long start = System.nanoTime();
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.getOutputStream()
				.write("GET /api/work?ioMs=10000 HTTP/1.1\r\nHost: node\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().flush();
			BufferedReader reader = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
			assertThat(reader.readLine()).isEqualTo("HTTP/1.1 200 ");
		}

		await().atMost(Duration.ofSeconds(3))
			.pollInterval(Duration.ofMillis(100))
			.untilAsserted(() -> assertThat(this.client.get(this.port, "/actuator/prometheus").body())
				.containsPattern("node_work_abandoned_total\\{[^}]*\\} 1.0"));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
	}

	@Test
	void shouldRejectAdminWithoutConfiguredToken() {
		NodeClient.Response response = this.client.get(this.port, "/admin/chaos", "Authorization", "Bearer ");

		assertProblem(response, 401);
	}

	@Test
	void shouldExposeOnlyHealthInfoAndPrometheus() {
		NodeClient.Response health = this.client.get(this.port, "/actuator/health/liveness");
		NodeClient.Response info = this.client.get(this.port, "/actuator/info");
		NodeClient.Response env = this.client.get(this.port, "/actuator/env");

		assertThat(health.status()).isEqualTo(200);
		assertThat(health.header("X-Instance-Id")).isEqualTo(this.identity.instanceId());
		assertThat(info.status()).isEqualTo(200);
		assertProblem(env, 404);
	}

	@Test
	void shouldNotBeReadyBeforeCatalogIsLoaded() {
		NodeClient.Response readiness = this.client.get(this.port, "/actuator/health/readiness");
		NodeClient.Response liveness = this.client.get(this.port, "/actuator/health/liveness");
		NodeClient.Response catalog = this.client.get(this.port, "/api/catalog");

		assertThat(readiness.status()).isEqualTo(503);
		assertThat(readiness.<String>json("$.components.catalog.status")).isEqualTo("OUT_OF_SERVICE");
		assertThat(readiness.<String>json("$.components.readinessState.status")).isEqualTo("UP");
		assertThat(readiness.body()).doesNotContain("redis");
		assertThat(liveness.status()).isEqualTo(200);
		assertProblem(catalog, 503);
		assertThat(catalog.header("Retry-After")).isEqualTo("1");
		assertThat(catalog.<String>json("$.title")).isEqualTo("Catalog not loaded");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/catalog/..%2Fetc", "/api/catalog/..%2fetc", "/api/catalog/a%5Cb" })
	void shouldRejectEncodedSlashInCatalogKeyWithProblem(String path) {
		NodeClient.Response response = this.client.get(this.port, path, "Accept", "text/html");

		assertProblem(response, 400);
		assertThat(response.<String>json("$.title")).isEqualTo("Invalid catalog key");
	}

	@Test
	void shouldAnswerEncodedSlashElsewhereWithProblem() {
		NodeClient.Response response = this.client.get(this.port, "/api/whoami%2F..%2F..%2Factuator%2Fenv", "Accept",
				"text/html");

		assertProblem(response, 404);
	}

	@Test
	void shouldTagMetricsWithApplicationAndInstance() {
		this.client.get(this.port, "/api/whoami");

		NodeClient.Response metrics = this.client.get(this.port, "/actuator/prometheus");

		assertThat(metrics.status()).isEqualTo(200);
		assertThat(metrics.body())
			.containsPattern("http_server_requests_seconds_count\\{[^}]*application=\"node-service\"")
			.containsPattern("http_server_requests_seconds_count\\{[^}]*instance_id=\"" + this.identity.instanceId()
					+ "\"[^}]*uri=\"/api/whoami\"");
	}

	@Test
	void shouldRegisterWithReadinessAsHealthPath() {
		assertThat(this.registryProperties.registration().metadata())
			.containsEntry("healthPath", "/actuator/health/readiness")
			.containsEntry("weight", "1");
	}

	private void assertProblem(NodeClient.Response response, int status) {
		assertThat(response.status()).isEqualTo(status);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.header("X-Instance-Id")).isEqualTo(this.identity.instanceId());
		assertThat(response.<Integer>json("$.status")).isEqualTo(status);
		assertThat(response.<String>json("$.instanceId")).isEqualTo(this.identity.instanceId());
		assertThat(response.body()).doesNotContain("trace", "exception");
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class FailingEndpoints {

		@Bean
		FailingController failingController() {
			return new FailingController();
		}

		@Bean
		FilterRegistrationBean<Filter> failingFilter() {
			FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new Filter() {

				@Override
				public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
						throws IOException, ServletException {
					throw new IllegalStateException("secret internals");
				}

			});
			registration.addUrlPatterns("/test/filter-boom");
			return registration;
		}

	}

	@RestController
	static class FailingController {

		@GetMapping("/test/boom")
		String boom() {
			throw new IllegalStateException("secret internals");
		}

	}

}
