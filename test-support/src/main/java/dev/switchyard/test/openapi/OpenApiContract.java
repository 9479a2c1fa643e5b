package dev.switchyard.test.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.Response;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI description a running application serves at {@code /v3/api-docs}, fetched
 * without a token, and the check that the application answers as it says: every
 * documented operation is called with a valid example, and the real request and response
 * (status, headers, body) are validated against the description; every protected
 * operation is also called without the token and must answer a documented 401 problem.
 */
public final class OpenApiContract {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final URI base;

	private final String json;

	private final OpenAPI openApi;

	private final OpenApiInteractionValidator validator;

	private static final HttpClient CLIENT = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.proxy(HttpClient.Builder.NO_PROXY)
		.connectTimeout(TIMEOUT)
		.build();

	private OpenApiContract(URI base, String json) {
		this.base = base;
		this.json = json;
		SwaggerParseResult result = new OpenAPIParser().readContents(json, null, null);
		assertThat(result.getMessages()).as("the messages of the parser of %s/v3/api-docs", base).isEmpty();
		this.openApi = result.getOpenAPI();
		this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(json).build();
	}

	/**
	 * Fetch the description of a running application, without a token.
	 * @param base the application's base URI, such as {@code http://127.0.0.1:40123}
	 * @return its description
	 */
	public static OpenApiContract fetch(URI base) {
		HttpResponse<String> response = send(base, "GET", "/v3/api-docs", null, null);
		assertThat(response.statusCode()).as("GET /v3/api-docs without a token").isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		keep(response.body());
		return new OpenApiContract(base, response.body());
	}

	// a copy in the module's target/ for the reader of a failed test
	private static void keep(String json) {
		Path target = Path.of("target");
		if (Files.isDirectory(target)) {
			try {
				Files.writeString(target.resolve("api-docs.json"), json);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

	/**
	 * Check that the application serves the Swagger UI of its description without a
	 * token: {@code /swagger-ui.html} leads to an HTML page.
	 */
	public void assertServesTheUi() {
		HttpResponse<String> redirect = send(this.base, "GET", "/swagger-ui.html", null, null);
		assertThat(redirect.statusCode()).as("GET /swagger-ui.html without a token").isEqualTo(302);
		String location = redirect.headers().firstValue("Location").orElseThrow();
		HttpResponse<String> page = send(this.base, "GET", location, null, null);
		assertThat(page.statusCode()).as("GET %s without a token", location).isEqualTo(200);
		assertThat(page.body()).as("the page at %s", location).containsIgnoringCase("swagger-ui");
	}

	/**
	 * Return the description as served.
	 * @return the JSON text
	 */
	public String json() {
		return this.json;
	}

	/**
	 * Return the parsed description.
	 * @return the description
	 */
	public OpenAPI openApi() {
		return this.openApi;
	}

	/**
	 * Return every operation of the description, as {@code METHOD /path/{variable}}.
	 * @return the operations, sorted
	 */
	public TreeSet<String> operations() {
		return new TreeSet<>(operationsByName().keySet());
	}

	/**
	 * Return the operations that need the bearer token.
	 * @return the protected operations, sorted
	 */
	public TreeSet<String> protectedOperations() {
		TreeSet<String> names = new TreeSet<>();
		operationsByName().forEach((name, operation) -> {
			if (operation.getSecurity() != null && !operation.getSecurity().isEmpty()) {
				names.add(name);
			}
		});
		return names;
	}

	private Map<String, Operation> operationsByName() {
		Map<String, Operation> operations = new LinkedHashMap<>();
		this.openApi.getPaths()
			.forEach((path, item) -> item.readOperationsMap()
				.forEach((method, operation) -> operations.put(method.name() + " " + path, operation)));
		return operations;
	}

	/**
	 * Send each call with the token, check that it answers its status and that request
	 * and response are as documented; then check that the calls cover every documented
	 * operation, and that each protected one answers a documented 401 problem without the
	 * token.
	 * @param calls the calls, in the order to send them
	 * @param token the token of the protected operations
	 */
	public void assertEveryOperationAnswersAsDocumented(List<ApiCall> calls, String token) {
		List<String> failures = new ArrayList<>();
		Map<String, ApiCall> covered = new LinkedHashMap<>();
		for (ApiCall call : calls) {
			String operation = operationOf(call);
			if (operation != null) {
				covered.putIfAbsent(operation, call);
			}
		}
		TreeSet<String> uncovered = operations();
		uncovered.removeAll(covered.keySet());
		assertThat(uncovered).as("documented operations without an example call").isEmpty();
		failures.addAll(failures(calls, token));
		for (String operation : protectedOperations()) {
			ApiCall call = covered.get(operation);
			if (!call.streaming()) {
				failures.addAll(check(call, null, 401, true));
			}
		}
		assertThat(failures).as("calls that did not answer as documented").isEmpty();
	}

	/**
	 * Send each call, check that it answers its status and that request and response are
	 * as documented, without asking that every operation be called.
	 * @param calls the calls, in the order to send them
	 * @param token the token to send, or {@code null} for none
	 */
	public void assertCallsAnswerAsDocumented(List<ApiCall> calls, String token) {
		assertThat(failures(calls, token)).as("calls that did not answer as documented").isEmpty();
	}

	/**
	 * Check that the example of every request body that has one is valid against the
	 * body's own schema, so that a reader who copies it from the UI sends a valid call.
	 * @return the number of examples checked
	 */
	public int assertRequestExamplesAreValid() {
		List<String> failures = new ArrayList<>();
		int checked = 0;
		for (Map.Entry<String, PathItem> entry : this.openApi.getPaths().entrySet()) {
			for (Map.Entry<PathItem.HttpMethod, Operation> operation : entry.getValue()
				.readOperationsMap()
				.entrySet()) {
				String example = requestExample(operation.getValue());
				if (example == null) {
					continue;
				}
				checked++;
				String path = entry.getKey().replaceAll("\\{[^}]*}", "sample");
				Request request = new SimpleRequest.Builder(operation.getKey().name(), path)
					.withContentType("application/json")
					.withBody(example)
					.build();
				this.validator.validateRequest(request)
					.getMessages()
					.stream()
					.filter((message) -> message.getKey().startsWith("validation.request.body"))
					.forEach((message) -> failures.add(operation.getKey() + " " + entry.getKey() + " example " + example
							+ ": " + message.getMessage()));
			}
		}
		assertThat(failures).as("request examples that their schema refuses").isEmpty();
		return checked;
	}

	private String requestExample(Operation operation) {
		if (operation.getRequestBody() == null || operation.getRequestBody().getContent() == null) {
			return null;
		}
		MediaType json = operation.getRequestBody().getContent().get("application/json");
		if (json == null || json.getSchema() == null) {
			return null;
		}
		Schema<?> schema = json.getSchema();
		if (schema.get$ref() != null) {
			schema = this.openApi.getComponents()
				.getSchemas()
				.get(schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1));
		}
		Object example = (json.getExample() != null) ? json.getExample() : schema.getExample();
		if (example == null) {
			return null;
		}
		return (example instanceof String text) ? text : Json.pretty(example);
	}

	/**
	 * Return this description, to check the answers of another base URI, such as a
	 * gateway that proxies the described calls.
	 * @param other the base URI the calls are sent to
	 * @return the description with that base
	 */
	public OpenApiContract at(URI other) {
		return new OpenApiContract(other, this.json);
	}

	private List<String> failures(List<ApiCall> calls, String token) {
		List<String> failures = new ArrayList<>();
		for (ApiCall call : calls) {
			if (operationOf(call) == null) {
				failures.add(call + ": no documented operation");
			}
			else {
				failures.addAll(check(call, token, call.status(), false));
			}
		}
		return failures;
	}

	private List<String> check(ApiCall call, String token, int status, boolean refusal) {
		String label = call + (refusal ? " without the token" : "");
		List<String> failures = new ArrayList<>();
		if (call.streaming()) {
			HttpResponse<InputStream> response = sendStreaming(call, token);
			try (InputStream body = response.body()) {
				if (response.statusCode() != status) {
					failures.add(label + ": status " + response.statusCode() + ", expected " + status);
				}
				String type = response.headers().firstValue("Content-Type").orElse("");
				if (!documentedTypes(call, status).stream().anyMatch(type::startsWith)) {
					failures.add(label + ": Content-Type " + type + " is not among " + documentedTypes(call, status));
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			return failures;
		}
		HttpResponse<String> response = send(this.base, call.method(), call.target(), call.body(), token);
		if (response.statusCode() != status) {
			failures.add(label + ": status " + response.statusCode() + ", expected " + status + ": " + response.body());
		}
		Request request = request(call, token);
		ValidationReport report = !refusal ? this.validator.validate(request, response(response))
				: this.validator.validateResponse(call.path(), request.getMethod(), response(response));
		report.getMessages()
			.forEach((message) -> failures.add(label + " (" + response.statusCode() + " " + response.body() + "): "
					+ message.getKey() + " " + message.getMessage()));
		return failures;
	}

	private List<String> documentedTypes(ApiCall call, int status) {
		Operation operation = operationsByName().get(operationOf(call));
		var response = operation.getResponses().get(String.valueOf(status));
		return (response != null && response.getContent() != null) ? List.copyOf(response.getContent().keySet())
				: List.of();
	}

	private String operationOf(ApiCall call) {
		for (Map.Entry<String, PathItem> entry : this.openApi.getPaths().entrySet()) {
			if (template(entry.getKey()).matcher(call.path()).matches()
					&& entry.getValue().readOperationsMap().containsKey(PathItem.HttpMethod.valueOf(call.method()))) {
				return call.method() + " " + entry.getKey();
			}
		}
		return null;
	}

	private static Pattern template(String path) {
		StringBuilder regex = new StringBuilder();
		for (String part : path.split("(?=\\{)|(?<=})")) {
			regex.append(part.startsWith("{") ? "[^/]+" : Pattern.quote(part));
		}
		return Pattern.compile(regex.toString());
	}

	private Request request(ApiCall call, String token) {
		SimpleRequest.Builder builder = new SimpleRequest.Builder(call.method(), call.path());
		if (call.body() != null) {
			builder.withContentType("application/json").withBody(call.body());
		}
		if (token != null) {
			builder.withAuthorization("Bearer " + token);
		}
		if (call.query() != null) {
			for (String pair : call.query().split("&")) {
				String[] nameAndValue = pair.split("=", 2);
				builder.withQueryParam(decode(nameAndValue[0]),
						(nameAndValue.length > 1) ? decode(nameAndValue[1]) : "");
			}
		}
		return builder.build();
	}

	private static Response response(HttpResponse<String> response) {
		SimpleResponse.Builder builder = SimpleResponse.Builder.status(response.statusCode());
		response.headers().map().forEach(builder::withHeader);
		if (!response.body().isEmpty()) {
			builder.withBody(response.body());
		}
		return builder.build();
	}

	private static String decode(String value) {
		return URLDecoder.decode(value, StandardCharsets.UTF_8);
	}

	private static HttpResponse<String> send(URI base, String method, String target, String body, String token) {
		try {
			return CLIENT.send(httpRequest(base, method, target, body, token), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private HttpResponse<InputStream> sendStreaming(ApiCall call, String token) {
		try {
			return CLIENT.send(httpRequest(this.base, call.method(), call.target(), call.body(), token),
					HttpResponse.BodyHandlers.ofInputStream());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static HttpRequest httpRequest(URI base, String method, String target, String body, String token) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(target)).timeout(TIMEOUT);
		if (body != null) {
			builder.header("Content-Type", "application/json");
		}
		if (token != null) {
			builder.header("Authorization", "Bearer " + token);
		}
		return builder
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody())
			.build();
	}

}
