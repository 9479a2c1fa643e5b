package dev.switchyard.test.openapi;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link OpenApiContract} against a small server whose answers are set by each test.
 */
class OpenApiContractTests {

	private static final String SPEC = """
			{"openapi":"3.0.1","info":{"title":"t","version":"1"},
			 "paths":{
			  "/things/{id}":{"get":{"parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"string"}}],
			   "responses":{"200":{"description":"ok","content":{"application/json":{"schema":{
			     "type":"object","required":["id"],"properties":{"id":{"type":"string"},"count":{"type":"integer"}}}}}}}}},
			  "/admin":{"delete":{"security":[{"bearerToken":[]}],
			   "responses":{"204":{"description":"done"},
			    "401":{"description":"no","content":{"application/problem+json":{"schema":{"type":"object"}}}}}}}},
			 "components":{"securitySchemes":{"bearerToken":{"type":"http","scheme":"bearer"}}}}
			""";

	private final Map<String, Answer> answers = new ConcurrentHashMap<>();

	private HttpServer server;

	private URI base;

	@BeforeEach
	void startServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", this::handle);
		this.server.start();
		this.base = URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
		this.answers.put("GET /v3/api-docs", new Answer(200, "application/json", SPEC));
		this.answers.put("GET /things/1", new Answer(200, "application/json", "{\"id\":\"1\",\"count\":2}"));
		this.answers.put("DELETE /admin token", new Answer(204, null, ""));
		this.answers.put("DELETE /admin", new Answer(401, "application/problem+json", "{\"status\":401}"));
	}

	@AfterEach
	void stopServer() {
		this.server.stop(0);
	}

	@Test
	void shouldPassWhenEveryOperationAnswersAsDocumented() {
		OpenApiContract contract = OpenApiContract.fetch(this.base);

		contract.assertEveryOperationAnswersAsDocumented(
				List.of(ApiCall.of("GET", "/things/1", 200), ApiCall.of("DELETE", "/admin", 204)), "token");

		assertThat(contract.operations()).containsExactly("DELETE /admin", "GET /things/{id}");
		assertThat(contract.protectedOperations()).containsExactly("DELETE /admin");
	}

	@Test
	void shouldFailWhenABodyDoesNotMatchItsSchema() {
		this.answers.put("GET /things/1", new Answer(200, "application/json", "{\"id\":\"1\",\"count\":\"two\"}"));
		OpenApiContract contract = OpenApiContract.fetch(this.base);

		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> contract.assertEveryOperationAnswersAsDocumented(
					List.of(ApiCall.of("GET", "/things/1", 200), ApiCall.of("DELETE", "/admin", 204)), "token"))
			.withMessageContaining("GET /things/1")
			.withMessageContaining("count");
	}

	@Test
	void shouldFailWhenAnOperationHasNoCall() {
		OpenApiContract contract = OpenApiContract.fetch(this.base);

		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> contract
				.assertEveryOperationAnswersAsDocumented(List.of(ApiCall.of("GET", "/things/1", 200)), "token"))
			.withMessageContaining("DELETE /admin");
	}

	@Test
	void shouldFailWhenAProtectedOperationAnswersWithoutTheToken() {
		this.answers.put("DELETE /admin", new Answer(204, null, ""));
		OpenApiContract contract = OpenApiContract.fetch(this.base);

		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> contract.assertEveryOperationAnswersAsDocumented(
					List.of(ApiCall.of("GET", "/things/1", 200), ApiCall.of("DELETE", "/admin", 204)), "token"))
			.withMessageContaining("DELETE /admin without the token: status 204, expected 401");
	}

	@Test
	void shouldCheckTheRequestExamplesAgainstTheirSchemas() {
		this.answers.put("GET /v3/api-docs", new Answer(200, "application/json", exampleSpec("{\"name\":\"a\"}")));

		assertThat(OpenApiContract.fetch(this.base).assertRequestExamplesAreValid()).isEqualTo(1);

		this.answers.put("GET /v3/api-docs", new Answer(200, "application/json", exampleSpec("{\"nom\":\"a\"}")));
		OpenApiContract invalid = OpenApiContract.fetch(this.base);
		assertThatExceptionOfType(AssertionError.class).isThrownBy(invalid::assertRequestExamplesAreValid)
			.withMessageContaining("POST /things example");
	}

	private static String exampleSpec(String example) {
		return """
				{"openapi":"3.0.1","info":{"title":"t","version":"1"},
				 "paths":{"/things":{"post":{"requestBody":{"content":{"application/json":{"schema":{
				  "$ref":"#/components/schemas/Thing"}}}},"responses":{"200":{"description":"ok"}}}}},
				 "components":{"schemas":{"Thing":{"type":"object","required":["name"],
				  "properties":{"name":{"type":"string"}},"additionalProperties":false,"example":%s}}}}
				""".formatted(example);
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String key = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
			boolean token = "Bearer token".equals(exchange.getRequestHeaders().getFirst("Authorization"));
			Answer answer = this.answers.getOrDefault(key + (token ? " token" : ""), this.answers.get(key));
			if (answer == null) {
				exchange.sendResponseHeaders(404, -1);
				return;
			}
			byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
			if (answer.type() != null) {
				exchange.getResponseHeaders().set("Content-Type", answer.type());
			}
			exchange.sendResponseHeaders(answer.status(), (body.length > 0) ? body.length : -1);
			if (body.length > 0) {
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			}
		}
	}

	private record Answer(int status, String type, String body) {
	}

}
