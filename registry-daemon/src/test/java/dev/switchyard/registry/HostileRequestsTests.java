package dev.switchyard.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed and hostile requests against the real daemon over HTTP: each gets the right
 * 4xx as problem+json, never a 5xx, and the daemon keeps serving.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "registry.security.token=it-token")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileRequestsTests {

	private static final String TOKEN = "Bearer it-token";

	private static final String INSTANCE = "/v1/services/web/instances/web-1";

	private static final String BIG = "x".repeat(70 * 1024);

	@LocalServerPort
	private int port;

	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@AfterAll
	void closeClient() {
		this.client.shutdownNow();
	}

	static Stream<Case> cases() {
		return Stream.of(
				// tokens
				new Case("no token", "PUT", INSTANCE, body("127.0.0.1", "8080"), null, 401),
				new Case("wrong token", "PUT", INSTANCE, body("127.0.0.1", "8080"), "Bearer nope", 401),
				new Case("basic auth", "PUT", INSTANCE, body("127.0.0.1", "8080"), "Basic aXQtdG9rZW4=", 401),
				new Case("empty bearer", "PUT", INSTANCE, body("127.0.0.1", "8080"), "Bearer ", 401),
				new Case("token prefix", "PUT", INSTANCE, body("127.0.0.1", "8080"), "Bearer it-toke", 401),
				new Case("token suffix", "PUT", INSTANCE, body("127.0.0.1", "8080"), "Bearer it-token2", 401),
				new Case("delete without token", "DELETE", INSTANCE, null, null, 401),
				new Case("patch without token", "PATCH", INSTANCE + "/metadata", "{\"weight\":\"2\"}", null, 401),
				new Case("status without token", "PUT", INSTANCE + "/status", "{\"status\":\"UP\"}", null, 401),
				new Case("heartbeat without token", "PUT", INSTANCE + "/heartbeat", null, null, 401),
				// broken bodies
				new Case("broken json", "PUT", INSTANCE, "{\"host\":", TOKEN, 400),
				new Case("json array", "PUT", INSTANCE, "[1,2]", TOKEN, 400),
				new Case("json string", "PUT", INSTANCE, "\"host\"", TOKEN, 400),
				new Case("empty body", "PUT", INSTANCE, "", TOKEN, 400),
				new Case("missing host", "PUT", INSTANCE, "{\"port\":8080}", TOKEN, 400),
				new Case("missing port", "PUT", INSTANCE, "{\"host\":\"127.0.0.1\"}", TOKEN, 400),
				new Case("huge body", "PUT", INSTANCE, "{\"host\":\"" + BIG + "\",\"port\":1}", TOKEN, 413),
				new Case("huge metadata", "PATCH", INSTANCE + "/metadata", "{\"k\":\"" + BIG + "\"}", TOKEN, 413),
				// wrong types and numbers
				new Case("port as text", "PUT", INSTANCE, body("127.0.0.1", "\"abc\""), TOKEN, 400),
				new Case("port zero", "PUT", INSTANCE, body("127.0.0.1", "0"), TOKEN, 400),
				new Case("port negative", "PUT", INSTANCE, body("127.0.0.1", "-1"), TOKEN, 400),
				new Case("port too big", "PUT", INSTANCE, body("127.0.0.1", "65536"), TOKEN, 400),
				new Case("port huge", "PUT", INSTANCE, body("127.0.0.1", "99999999999999999999"), TOKEN, 400),
				new Case("port fraction", "PUT", INSTANCE, body("127.0.0.1", "80.5"), TOKEN, 400),
				new Case("port object", "PUT", INSTANCE, body("127.0.0.1", "{}"), TOKEN, 400),
				new Case("port null", "PUT", INSTANCE, body("127.0.0.1", "null"), TOKEN, 400),
				new Case("ttl zero", "PUT", INSTANCE, "{\"host\":\"127.0.0.1\",\"port\":1,\"ttlSeconds\":0}", TOKEN,
						400),
				new Case("ttl huge", "PUT", INSTANCE, "{\"host\":\"127.0.0.1\",\"port\":1,\"ttlSeconds\":1e12}", TOKEN,
						400),
				new Case("metadata list", "PUT", INSTANCE, "{\"host\":\"127.0.0.1\",\"port\":1,\"metadata\":[1]}",
						TOKEN, 400),
				new Case("weight zero", "PUT", INSTANCE,
						"{\"host\":\"127.0.0.1\",\"port\":1,\"metadata\":{\"weight\":\"0\"}}", TOKEN, 400),
				new Case("weight text", "PUT", INSTANCE,
						"{\"host\":\"127.0.0.1\",\"port\":1,\"metadata\":{\"weight\":\"heavy\"}}", TOKEN, 400),
				new Case("metadata bad key", "PUT", INSTANCE,
						"{\"host\":\"127.0.0.1\",\"port\":1,\"metadata\":{\"a b\":\"c\"}}", TOKEN, 400),
				// hosts
				new Case("host empty", "PUT", INSTANCE, body("", "8080"), TOKEN, 400),
				new Case("host with space", "PUT", INSTANCE, body("a b", "8080"), TOKEN, 400),
				new Case("host with scheme", "PUT", INSTANCE, body("http://evil", "8080"), TOKEN, 400),
				new Case("host with path", "PUT", INSTANCE, body("a/b", "8080"), TOKEN, 400),
				new Case("host with port", "PUT", INSTANCE, body("a:80", "8080"), TOKEN, 400),
				new Case("host label too long", "PUT", INSTANCE, body("a".repeat(64) + ".com", "8080"), TOKEN, 400),
				new Case("host with crlf", "PUT", INSTANCE, body("a\\r\\nX-Evil: 1", "8080"), TOKEN, 400),
				new Case("host ipv4 out of range", "PUT", INSTANCE, body("999.1.1.1", "8080"), TOKEN, 400),
				// names
				new Case("service upper case", "PUT", "/v1/services/Web/instances/web-1", body("127.0.0.1", "1"), TOKEN,
						400),
				new Case("service leading dash", "PUT", "/v1/services/-web/instances/web-1", body("127.0.0.1", "1"),
						TOKEN, 400),
				new Case("service too long", "PUT", "/v1/services/" + "a".repeat(64) + "/instances/web-1",
						body("127.0.0.1", "1"), TOKEN, 400),
				new Case("service with dot", "GET", "/v1/services/web.1", null, null, 400),
				new Case("instance with space", "PUT", "/v1/services/web/instances/web%201", body("127.0.0.1", "1"),
						TOKEN, 400),
				new Case("instance too long", "PUT", "/v1/services/web/instances/" + "a".repeat(129),
						body("127.0.0.1", "1"), TOKEN, 400),
				new Case("instance traversal", "PUT", "/v1/services/web/instances/..%2F..%2Fetc",
						body("127.0.0.1", "1"), TOKEN, 400),
				new Case("service traversal", "GET", "/v1/services/..%2Fadmin", null, null, 400),
				new Case("instance with semicolon", "PUT", "/v1/services/web/instances/a;b", body("127.0.0.1", "1"),
						TOKEN, 400),
				// status and queries
				new Case("status lower case", "PUT", "/v1/services/known/instances/known-1/status",
						"{\"status\":\"up\"}", TOKEN, 400),
				new Case("status number", "PUT", "/v1/services/known/instances/known-1/status", "{\"status\":1}", TOKEN,
						400),
				new Case("status unknown", "PUT", "/v1/services/known/instances/known-1/status",
						"{\"status\":\"GONE\"}", TOKEN, 400),
				new Case("index negative", "GET", "/v1/services/web?index=-1", null, null, 400),
				new Case("index text", "GET", "/v1/services/web?index=abc", null, null, 400),
				new Case("index huge", "GET", "/v1/services/web?index=999999999999999999999", null, null, 400),
				new Case("wait text", "GET", "/v1/services/web?index=1&wait=soon", null, null, 400),
				new Case("wait negative", "GET", "/v1/services/web?index=1&wait=-5s", null, null, 400),
				// unknown things
				new Case("unknown instance heartbeat", "PUT", "/v1/services/web/instances/nobody/heartbeat", null,
						TOKEN, 404),
				new Case("unknown instance delete", "DELETE", "/v1/services/web/instances/nobody", null, TOKEN, 404),
				new Case("unknown path", "GET", "/v1/nothing", null, null, 404),
				new Case("wrong method", "POST", "/v1/services/web", "{}", TOKEN, 405), new Case("wrong media type",
						"PUT", INSTANCE, "host=a", TOKEN, 415, "application/x-www-form-urlencoded"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void shouldAnswerHostileRequestWithProblemAndKeepServing(Case hostile) throws Exception {
		register("known", "known-1");

		HttpResponse<String> response = send(hostile);

		assertThat(response.statusCode()).as("%s: %s", hostile.name(), response.body()).isEqualTo(hostile.status());
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.body()).contains("\"status\":" + hostile.status()).doesNotContain("Exception");
		assertThat(health()).isEqualTo(200);
	}

	@Test
	void shouldRejectAHeaderInjectionAndAHugeHeaderWithoutFallingOver() throws Exception {
		String injected = rawRequest("PUT " + INSTANCE + " HTTP/1.1\r\nHost: x\r\nAuthorization: " + TOKEN
				+ "\r\nX-A: b\rX-Evil: 1\r\nContent-Length: 0\r\n\r\n");
		String huge = rawRequest("GET /v1/services HTTP/1.1\r\nHost: x\r\nX-Big: " + "y".repeat(64 * 1024)
				+ "\r\nConnection: close\r\n\r\n");

		assertThat(injected).startsWith("HTTP/1.1 400");
		assertThat(huge).startsWith("HTTP/1.1 4");
		assertThat(health()).isEqualTo(200);
	}

	private static String body(String host, String port) {
		return "{\"host\":\"" + host + "\",\"port\":" + port + "}";
	}

	private void register(String service, String instanceId) throws Exception {
		HttpResponse<String> response = send(new Case("register", "PUT",
				"/v1/services/" + service + "/instances/" + instanceId, body("127.0.0.1", "9"), TOKEN, 200));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
	}

	private int health() throws Exception {
		return this.client
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/health")).build(),
					BodyHandlers.discarding())
			.statusCode();
	}

	private HttpResponse<String> send(Case hostile) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + hostile.path()))
			.timeout(Duration.ofSeconds(10))
			.header("Accept", "application/json")
			.method(hostile.method(),
					(hostile.body() != null) ? BodyPublishers.ofString(hostile.body()) : BodyPublishers.noBody());
		if (hostile.body() != null) {
			request.header("Content-Type", hostile.contentType());
		}
		if (hostile.authorization() != null) {
			request.header("Authorization", hostile.authorization());
		}
		return this.client.send(request.build(), BodyHandlers.ofString());
	}

	private String rawRequest(String request) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] head = in.readNBytes(12);
			return new String(head, StandardCharsets.ISO_8859_1);
		}
	}

	record Case(String name, String method, String path, String body, String authorization, int status,
			String contentType) {

		Case(String name, String method, String path, String body, String authorization, int status) {
			this(name, method, path, body, authorization, status, "application/json");
		}

		@Override
		public String toString() {
			return this.name;
		}

	}

}
