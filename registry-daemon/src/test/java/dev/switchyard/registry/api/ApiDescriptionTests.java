package dev.switchyard.registry.api;

import java.net.URI;
import java.util.List;

import dev.switchyard.test.openapi.ApiCall;
import dev.switchyard.test.openapi.ApiDocument;
import dev.switchyard.test.openapi.OpenApiContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry's description at {@code /v3/api-docs}, served without a token, against the
 * registry itself (each operation answers as documented) and against the registry's
 * section of {@code docs/API.md}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "registry.security.token=" + ApiDescriptionTests.TOKEN, "registry.health.interval=10m" })
class ApiDescriptionTests {

	static final String TOKEN = "api-description-token";

	private static final String INSTANCE = "/v1/services/web/instances/web-1";

	@LocalServerPort
	private int port;

	private OpenApiContract contract;

	@BeforeEach
	void fetchTheDescription() {
		this.contract = OpenApiContract.fetch(URI.create("http://127.0.0.1:" + this.port));
	}

	@Test
	void shouldDescribeTheWritesAsProtected() {
		assertThat(this.contract.protectedOperations())
			.contains("PUT " + "/v1/services/{service}/instances/{instanceId}",
					"DELETE /v1/services/{service}/instances/{instanceId}")
			.noneMatch((operation) -> operation.startsWith("GET "));
	}

	@Test
	void shouldServeTheUiWithoutAToken() {
		this.contract.assertServesTheUi();
	}

	@Test
	void shouldGiveValidRequestExamples() {
		assertThat(this.contract.assertRequestExamplesAreValid()).isGreaterThanOrEqualTo(2);
	}

	@Test
	void shouldAnswerEveryOperationAsDocumented() {
		this.contract.assertEveryOperationAnswersAsDocumented(List.of(ApiCall.of("PUT", INSTANCE,
				"{\"host\":\"127.0.0.1\",\"port\":9,\"metadata\":{\"weight\":\"2\",\"zone\":\"a\"},\"ttlSeconds\":60}",
				200), ApiCall.of("PUT", INSTANCE + "/heartbeat", 200),
				ApiCall.of("PUT", INSTANCE + "/status", "{\"status\":\"DRAINING\"}", 200),
				ApiCall.of("PATCH", INSTANCE + "/metadata", "{\"weight\":\"3\"}", 200),
				ApiCall.of("GET", "/v1/services", 200), ApiCall.of("GET", "/v1/services?index=0&wait=1s", 200),
				ApiCall.of("GET", "/v1/services/web", 200), ApiCall.of("GET", "/v1/services/web?index=0&wait=1s", 200),
				ApiCall.of("GET", "/v1/prometheus/targets", 200), ApiCall.of("DELETE", INSTANCE, 204),
				ApiCall.of("GET", "/v1/health/checks", 200),
				ApiCall.of("PUT", "/v1/kv/demo", "{\"policy\":\"p2c\"}", 200), ApiCall.of("GET", "/v1/kv/demo", 200),
				ApiCall.of("GET", "/v1/kv/demo?recurse=true", 200),
				ApiCall.of("GET", "/v1/kv/demo?index=0&wait=1s", 200), ApiCall.of("DELETE", "/v1/kv/demo", 204),
				ApiCall.of("GET", "/v1/kv/demo", 404),
				ApiCall.of("PUT", "/v1/services/web/instances/web-2/heartbeat", 404), ApiCall.of("PUT",
						"/v1/services/Not_A_Name/instances/web-1", "{\"host\":\"127.0.0.1\",\"port\":9}", 400)),
				TOKEN);
	}

	@Test
	void shouldBeDescribedByTheRegistrySectionOfTheApiDocument() {
		ApiDocument.read().assertDescribes("Registry daemon", this.contract);
	}

}
