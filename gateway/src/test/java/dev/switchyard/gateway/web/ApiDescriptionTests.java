package dev.switchyard.gateway.web;

import java.net.URI;
import java.util.List;

import dev.switchyard.gateway.FakeRegistry;
import dev.switchyard.gateway.GatewayTest;
import dev.switchyard.gateway.TestCluster;
import dev.switchyard.test.openapi.ApiCall;
import dev.switchyard.test.openapi.ApiDocument;
import dev.switchyard.test.openapi.OpenApiContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The description of the gateway's own calls at {@code /v3/api-docs}, served without a
 * token, against the gateway itself (each operation answers as documented) and against
 * the gateway's section of {@code docs/API.md}.
 */
@GatewayTest
class ApiDescriptionTests {

	private final TestCluster cluster = TestCluster.get();

	@LocalServerPort
	private int port;

	@Autowired
	private WebTestClient client;

	private OpenApiContract contract;

	@BeforeEach
	void fetchTheDescription() {
		this.cluster.register(this.client, FakeRegistry.Instance.up(this.cluster.node("described-a")));
		this.contract = OpenApiContract.fetch(URI.create("http://127.0.0.1:" + this.port));
	}

	@Test
	void shouldDescribeTheAdminCallsAsProtected() {
		assertThat(this.contract.protectedOperations()).contains("GET /admin/lb", "PUT /admin/lb/routes/{routeId}")
			.allMatch((operation) -> operation.contains(" /admin/"));
		assertThat(this.contract.operations()).contains("GET /cluster/state")
			.doesNotContainAnyElementsOf(List.of("GET /api/whoami"));
	}

	@Test
	void shouldServeTheUiWithoutAToken() {
		this.contract.assertServesTheUi();
	}

	@Test
	void shouldAnswerEveryOperationAsDocumented() {
		String chaos = "/admin/instances/described-a/chaos";

		this.contract.assertEveryOperationAnswersAsDocumented(
				List.of(ApiCall.of("GET", "/admin/lb", 200),
						ApiCall.of("PUT", "/admin/lb/routes/api", "{\"policy\":\"round-robin\"}", 200),
						ApiCall.of("PUT", "/admin/lb/routes/api", "{\"policy\":\"fastest\"}", 400),
						ApiCall.of("PUT", "/admin/lb/routes/nowhere", "{\"policy\":\"random\"}", 404),
						ApiCall.of("PUT", chaos, "{\"latencyMs\":1}", 200), ApiCall.of("GET", chaos, 200),
						ApiCall.of("DELETE", chaos, 200), ApiCall.of("GET", "/admin/instances/elsewhere/chaos", 404),
						// the gateway under test has no REGISTRY_TOKEN: 501 says so
						ApiCall.of("PUT", "/admin/instances/described-a/status", "{\"status\":\"DRAINING\"}", 501),
						ApiCall.of("GET", "/cluster/state", 200), ApiCall.of("GET", "/cluster/tier", 200),
						ApiCall.of("GET", "/cluster/catalog", 200),
						// the fake registry lists no health checks: the documented
						// problem (a real one: e2e)
						ApiCall.of("GET", "/cluster/registry", 502), ApiCall.stream("/cluster/events")),
				TestCluster.ADMIN_TOKEN);
	}

	@Test
	void shouldBeDescribedByTheGatewaySectionOfTheApiDocument() {
		ApiDocument.read().assertDescribes("Gateway", this.contract);
	}

}
