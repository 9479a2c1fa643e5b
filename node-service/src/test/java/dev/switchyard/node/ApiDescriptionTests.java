package dev.switchyard.node;

import java.net.URI;
import java.util.List;

import dev.switchyard.test.TestRedis;
import dev.switchyard.test.openapi.ApiCall;
import dev.switchyard.test.openapi.ApiDocument;
import dev.switchyard.test.openapi.OpenApiContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The node's description at {@code /v3/api-docs}, served without a token, against the
 * node itself on a real Redis (each operation answers as documented) and against the
 * node's section of {@code docs/API.md}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@DirtiesContext
class ApiDescriptionTests {

	private static final TestRedis redis = TestRedis.start();

	@LocalServerPort
	private int port;

	private final NodeClient client = new NodeClient();

	private OpenApiContract contract;

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		Nodes.testProperties(redis.url()).forEach((property) -> {
			int equals = property.indexOf('=');
			registry.add(property.substring(0, equals), () -> property.substring(equals + 1));
		});
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@BeforeEach
	void fetchTheDescription() {
		this.contract = OpenApiContract.fetch(URI.create("http://127.0.0.1:" + this.port));
	}

	@Test
	void shouldDescribeTheAdminCallsAsProtected() {
		assertThat(this.contract.protectedOperations()).isNotEmpty()
			.allMatch((operation) -> operation.contains(" /admin/"));
		assertThat(this.contract.operations()).filteredOn((operation) -> operation.contains(" /admin/"))
			.containsExactlyElementsOf(this.contract.protectedOperations());
	}

	@Test
	void shouldServeTheUiWithoutAToken() {
		this.contract.assertServesTheUi();
	}

	@Test
	void shouldGiveValidRequestExamples() {
		assertThat(this.contract.assertRequestExamplesAreValid()).isGreaterThanOrEqualTo(4);
	}

	@Test
	void shouldAnswerEveryOperationAsDocumented() {
		String running = this.client.post(this.port, "/api/jobs", "{\"durationMs\":60000}").json("$.id");
		String done = this.client.post(this.port, "/api/jobs", "{\"durationMs\":1}").json("$.id");

		this.contract.assertEveryOperationAnswersAsDocumented(List.of(ApiCall.of("GET", "/api/whoami", 200),
				ApiCall.of("GET", "/api/work?cpuMs=1&ioMs=1", 200), ApiCall.of("GET", "/api/work?cpuMs=20000", 400),
				ApiCall.of("POST", "/api/cart/items", "{\"sku\":\"apple\",\"qty\":2}", 201),
				ApiCall.of("GET", "/api/cart", 200), ApiCall.of("DELETE", "/api/cart", 204),
				ApiCall.of("POST", "/api/local/counter", 200), ApiCall.of("GET", "/api/local/counter", 200),
				ApiCall.of("PUT", "/api/catalog/colour", "{\"value\":\"green\"}", 200),
				ApiCall.of("GET", "/api/catalog/colour", 200), ApiCall.of("GET", "/api/catalog", 200),
				ApiCall.of("GET", "/api/catalog/no-such-key", 404),
				ApiCall.of("POST", "/api/jobs", "{\"durationMs\":60000}", 202),
				ApiCall.of("GET", "/api/jobs/" + running, 200), ApiCall.of("DELETE", "/api/jobs/" + running, 202),
				ApiCall.of("GET", "/api/jobs/no-such-job", 404),
				ApiCall.of("PUT", "/admin/chaos", "{\"latencyMs\":1,\"errorRate\":0.0}", 200),
				ApiCall.of("GET", "/admin/chaos", 200), ApiCall.of("DELETE", "/admin/chaos", 204)),
				NodeWebMvcTest.ADMIN_TOKEN);
		assertThat(done).isNotBlank();
	}

	@Test
	void shouldBeDescribedByTheNodeSectionOfTheApiDocument() {
		ApiDocument.read().assertDescribes("Node service", this.contract);
	}

}
