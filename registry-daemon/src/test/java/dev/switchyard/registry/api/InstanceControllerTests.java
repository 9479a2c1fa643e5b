package dev.switchyard.registry.api;

import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.switchyard.registry.WebSliceTestConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MockMvcTester.MockMvcRequestBuilder;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;

import static org.assertj.core.api.Assertions.assertThat;

@WebMvcTest(InstanceController.class)
@Import(WebSliceTestConfiguration.class)
@TestPropertySource(properties = "registry.security.token=test-token")
class InstanceControllerTests {

	private static final String INSTANCE = "/v1/services/{service}/instances/{instanceId}";

	private static final String REGISTRATION = """
			{"host":"127.0.0.1","port":8081,"metadata":{"weight":"2","zone":"a"},"ttlSeconds":30}""";

	@Autowired
	private MockMvcTester mvc;

	private final String service = "svc-" + UUID.randomUUID().toString().substring(0, 8);

	@Test
	void shouldRegisterInstance() {
		MvcTestResult result = register(this.service, "node-1", REGISTRATION).exchange();

		assertThat(result).hasStatusOk().hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON);
		assertThat(result).bodyJson().isLenientlyEqualTo("""
				{"service":"%s","instanceId":"node-1","host":"127.0.0.1","port":8081,"status":"UP",
				"metadata":{"weight":"2","zone":"a"},"ttlSeconds":30}""".formatted(this.service));
		assertThat(result).bodyJson().extractingPath("$.registeredAt").asString().matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
		assertThat(result).bodyJson().extractingPath("$.lastHeartbeat").asString().endsWith("Z");
	}

	@Test
	void shouldUseDefaultTtlAndEmptyMetadata() {
		MvcTestResult result = register(this.service, "node-1", """
				{"host":"::1","port":1}""").exchange();

		assertThat(result).hasStatusOk();
		assertThat(result).bodyJson().isLenientlyEqualTo("""
				{"host":"::1","port":1,"metadata":{},"ttlSeconds":10}""");
	}

	@Test
	void shouldRenewLease() {
		register(this.service, "node-1", REGISTRATION).exchange();

		MvcTestResult result = write(this.mvc.put().uri(INSTANCE + "/heartbeat", this.service, "node-1")).exchange();

		assertThat(result).hasStatusOk();
		assertThat(result).bodyJson().extractingPath("$.instanceId").isEqualTo("node-1");
	}

	@Test
	void shouldChangeStatus() {
		register(this.service, "node-1", REGISTRATION).exchange();

		MvcTestResult result = write(this.mvc.put().uri(INSTANCE + "/status", this.service, "node-1"))
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"status\":\"DRAINING\"}")
			.exchange();

		assertThat(result).hasStatusOk();
		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo("DRAINING");
	}

	@Test
	void shouldMergeMetadata() {
		register(this.service, "node-1", REGISTRATION).exchange();

		MvcTestResult result = write(this.mvc.patch().uri(INSTANCE + "/metadata", this.service, "node-1"))
			.contentType("application/merge-patch+json")
			.content("{\"weight\":\"3\",\"zone\":null,\"version\":\"2\"}")
			.exchange();

		assertThat(result).hasStatusOk();
		assertThat(result).bodyJson().extractingPath("$.metadata").isEqualTo(Map.of("weight", "3", "version", "2"));
	}

	@Test
	void shouldDeregisterInstance() {
		register(this.service, "node-1", REGISTRATION).exchange();

		MvcTestResult result = write(this.mvc.delete().uri(INSTANCE, this.service, "node-1")).exchange();

		assertThat(result).hasStatus(HttpStatus.NO_CONTENT);
		assertThat(write(this.mvc.delete().uri(INSTANCE, this.service, "node-1"))).hasStatus(HttpStatus.NOT_FOUND);
	}

	@ParameterizedTest
	@ValueSource(strings = { "heartbeat", "status", "metadata", "delete" })
	void shouldAnswerNotFoundForUnknownInstance(String operation) {
		MockMvcRequestBuilder request = switch (operation) {
			case "heartbeat" -> this.mvc.put().uri(INSTANCE + "/heartbeat", this.service, "ghost");
			case "status" -> this.mvc.put()
				.uri(INSTANCE + "/status", this.service, "ghost")
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"status\":\"DOWN\"}");
			case "metadata" -> this.mvc.patch()
				.uri(INSTANCE + "/metadata", this.service, "ghost")
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"weight\":\"2\"}");
			default -> this.mvc.delete().uri(INSTANCE, this.service, "ghost");
		};

		MvcTestResult result = write(request).exchange();

		assertThat(result).hasStatus(HttpStatus.NOT_FOUND).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("ghost", this.service);
	}

	static Stream<Arguments> writes() {
		return Stream.of(Arguments.of("PUT", ""), Arguments.of("PUT", "/heartbeat"), Arguments.of("PUT", "/status"),
				Arguments.of("PATCH", "/metadata"), Arguments.of("DELETE", ""));
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("writes")
	void shouldRejectWriteWithoutToken(String method, String suffix) {
		MvcTestResult result = request(method, suffix).exchange();

		assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result.getResponse().getHeader(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("writes")
	void shouldRejectWriteWithWrongToken(String method, String suffix) {
		MvcTestResult result = request(method, suffix).header(HttpHeaders.AUTHORIZATION, "Bearer test-token-2")
			.exchange();

		assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result.getResponse().getHeader(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer")
			.contains("invalid_token");
	}

	@Test
	void shouldRejectOtherAuthorizationSchemes() {
		MvcTestResult result = this.mvc.put()
			.uri(INSTANCE, this.service, "node-1")
			.header(HttpHeaders.AUTHORIZATION, "Basic dGVzdC10b2tlbg==")
			.contentType(MediaType.APPLICATION_JSON)
			.content(REGISTRATION)
			.exchange();

		assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	static Stream<Arguments> invalidRegistrations() {
		String valid = "{\"host\":\"127.0.0.1\",\"port\":8080}";
		String manyEntries = IntStream.rangeClosed(0, 64)
			.mapToObj((i) -> "\"k" + i + "\":\"v\"")
			.collect(Collectors.joining(",", "{\"host\":\"h\",\"port\":1,\"metadata\":{", "}}"));
		return Stream.of(Arguments.of("upper-case service", "Orders", "node-1", valid, "service"),
				Arguments.of("service starting with dash", "-orders", "node-1", valid, "service"),
				Arguments.of("service with underscore", "ord_ers", "node-1", valid, "service"),
				Arguments.of("service of 64 characters", "s".repeat(64), "node-1", valid, "service"),
				Arguments.of("instance id with space", "orders", "node 1", valid, "instanceId"),
				Arguments.of("instance id with @", "orders", "node@1", valid, "instanceId"),
				Arguments.of("instance id of 129 characters", "orders", "n".repeat(129), valid, "instanceId"),
				Arguments.of("port 0", "orders", "node-1", "{\"host\":\"h\",\"port\":0}", "port"),
				Arguments.of("port 65536", "orders", "node-1", "{\"host\":\"h\",\"port\":65536}", "port"),
				Arguments.of("port -1", "orders", "node-1", "{\"host\":\"h\",\"port\":-1}", "port"),
				Arguments.of("port abc", "orders", "node-1", "{\"host\":\"h\",\"port\":\"abc\"}", "port"),
				Arguments.of("port 80.5", "orders", "node-1", "{\"host\":\"h\",\"port\":80.5}", "port"),
				Arguments.of("port out of int range", "orders", "node-1", "{\"host\":\"h\",\"port\":99999999999}",
						"port"),
				Arguments.of("port missing", "orders", "node-1", "{\"host\":\"h\"}", "port"),
				Arguments.of("port as object", "orders", "node-1", "{\"host\":\"h\",\"port\":{}}", "port"),
				Arguments.of("host missing", "orders", "node-1", "{\"port\":80}", "host"),
				Arguments.of("host with space", "orders", "node-1", "{\"host\":\"bad host\",\"port\":80}", "host"),
				Arguments.of("host label starting with dash", "orders", "node-1",
						"{\"host\":\"-bad.example\",\"port\":80}", "host"),
				Arguments.of("host 999.1.1.1", "orders", "node-1", "{\"host\":\"999.1.1.1\",\"port\":80}", "host"),
				Arguments.of("host with empty label", "orders", "node-1", "{\"host\":\"a..b\",\"port\":80}", "host"),
				Arguments.of("host bad IPv6", "orders", "node-1", "{\"host\":\"1::2::3\",\"port\":80}", "host"),
				Arguments.of("host with port", "orders", "node-1", "{\"host\":\"h:80\",\"port\":80}", "host"),
				Arguments.of("host as array", "orders", "node-1", "{\"host\":[\"h\"],\"port\":80}", "host"),
				Arguments.of("ttl 0", "orders", "node-1", "{\"host\":\"h\",\"port\":1,\"ttlSeconds\":0}", "ttlSeconds"),
				Arguments.of("ttl 3601", "orders", "node-1", "{\"host\":\"h\",\"port\":1,\"ttlSeconds\":3601}",
						"ttlSeconds"),
				Arguments.of("weight 0", "orders", "node-1",
						"{\"host\":\"h\",\"port\":1,\"metadata\":{\"weight\":\"0\"}}", "weight"),
				Arguments.of("weight abc", "orders", "node-1",
						"{\"host\":\"h\",\"port\":1,\"metadata\":{\"weight\":\"abc\"}}", "weight"),
				Arguments.of("weight 1001", "orders", "node-1",
						"{\"host\":\"h\",\"port\":1,\"metadata\":{\"weight\":\"1001\"}}", "weight"),
				Arguments.of("65 metadata entries", "orders", "node-1", manyEntries, "metadata"),
				Arguments.of("metadata key with space", "orders", "node-1",
						"{\"host\":\"h\",\"port\":1,\"metadata\":{\"bad key\":\"x\"}}", "metadata"),
				Arguments.of("metadata value too long", "orders", "node-1",
						"{\"host\":\"h\",\"port\":1,\"metadata\":{\"k\":\"" + "v".repeat(513) + "\"}}", "metadata"),
				Arguments.of("metadata value null", "orders", "node-1",
						"{\"host\":\"h\",\"port\":1,\"metadata\":{\"k\":null}}", "metadata"),
				Arguments.of("metadata value object", "orders", "node-1",
						"{\"host\":\"h\",\"port\":1,\"metadata\":{\"k\":{}}}", "metadata.k"),
				Arguments.of("metadata as string", "orders", "node-1", "{\"host\":\"h\",\"port\":1,\"metadata\":\"x\"}",
						"metadata"),
				Arguments.of("relative health path", "orders", "node-1",
						"{\"host\":\"h\",\"port\":1,\"metadata\":{\"healthPath\":\"health\"}}", "healthPath"),
				Arguments.of("broken JSON", "orders", "node-1", "{\"host\":", "JSON"),
				Arguments.of("trailing garbage", "orders", "node-1", "{\"host\":\"h\",\"port\":1}}", "JSON"),
				Arguments.of("array body", "orders", "node-1", "[]", "JSON object"),
				Arguments.of("empty body", "orders", "node-1", "", "missing"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidRegistrations")
	void shouldRejectInvalidRegistration(String description, String service, String instanceId, String body,
			String named) {
		MvcTestResult result = register(service, instanceId, body).exchange();

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(400);
		assertThat(result).bodyJson().extractingPath("$.detail").asString().contains(named);
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"status\":\"SLEEPING\"}", "{\"status\":\"draining\"}", "{\"status\":null}", "{}",
			"{\"status\":1}" })
	void shouldRejectInvalidStatus(String body) {
		register(this.service, "node-1", REGISTRATION).exchange();

		MvcTestResult result = write(this.mvc.put().uri(INSTANCE + "/status", this.service, "node-1"))
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)
			.exchange();

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("status");
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "{\"weight\":\"0\"}", "{\"bad key\":\"x\"}", "{\"healthPath\":\"x\"}", "[1]", "{\"k\":[1]}" })
	void shouldRejectInvalidMetadataPatch(String body) {
		register(this.service, "node-1", REGISTRATION).exchange();

		MvcTestResult result = write(this.mvc.patch().uri(INSTANCE + "/metadata", this.service, "node-1"))
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)
			.exchange();

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void shouldRejectBodyOverLimit() {
		String body = "{\"host\":\"" + "a".repeat(70 * 1024) + "\",\"port\":1}";

		MvcTestResult result = register(this.service, "node-1", body).exchange();

		assertThat(result).hasStatus(HttpStatus.CONTENT_TOO_LARGE).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("65536 bytes");
	}

	@Test
	void shouldRejectUnsupportedMethod() {
		MvcTestResult result = write(this.mvc.post().uri(INSTANCE, this.service, "node-1")).exchange();

		assertThat(result).hasStatus(HttpStatus.METHOD_NOT_ALLOWED)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.containsHeader(HttpHeaders.ALLOW);
	}

	@Test
	void shouldRejectUnsupportedContentType() {
		MvcTestResult result = write(this.mvc.put().uri(INSTANCE, this.service, "node-1"))
			.contentType(MediaType.TEXT_PLAIN)
			.content("host=h")
			.exchange();

		assertThat(result).hasStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void shouldRenderProblemEvenWhenClientAcceptsOnlyHtml() {
		MvcTestResult result = register("Orders", "node-1", REGISTRATION).accept(MediaType.TEXT_HTML).exchange();

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	private MockMvcRequestBuilder register(String service, String instanceId, String body) {
		return write(this.mvc.put().uri(INSTANCE, service, instanceId)).contentType(MediaType.APPLICATION_JSON)
			.content(body);
	}

	private MockMvcRequestBuilder request(String method, String suffix) {
		MockMvcRequestBuilder request = switch (method) {
			case "PUT" -> this.mvc.put().uri(INSTANCE + suffix, this.service, "node-1");
			case "PATCH" -> this.mvc.patch().uri(INSTANCE + suffix, this.service, "node-1");
			default -> this.mvc.delete().uri(INSTANCE + suffix, this.service, "node-1");
		};
		return request.contentType(MediaType.APPLICATION_JSON)
			.content(suffix.equals("/status") ? "{\"status\":\"DOWN\"}"
					: suffix.equals("/metadata") ? "{}" : REGISTRATION);
	}

	private static MockMvcRequestBuilder write(MockMvcRequestBuilder request) {
		return request.header(HttpHeaders.AUTHORIZATION, "Bearer test-token");
	}

}
