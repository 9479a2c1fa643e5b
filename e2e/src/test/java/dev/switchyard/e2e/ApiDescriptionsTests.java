package dev.switchyard.e2e;

import java.net.URI;
import java.util.List;

import dev.switchyard.test.openapi.ApiCall;
import dev.switchyard.test.openapi.ApiDocument;
import dev.switchyard.test.openapi.OpenApiContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The OpenAPI descriptions on a real cluster: each process serves its own without a
 * token, {@code docs/API.md} names exactly their operations, and the node's calls answer
 * through the gateway as the node's description says.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiDescriptionsTests {

	private LocalCluster cluster;

	@BeforeAll
	void startCluster() {
		this.cluster = LocalCluster.start(2);
	}

	@AfterAll
	void stopCluster() {
		if (this.cluster != null) {
			this.cluster.close();
		}
	}

	@Test
	void shouldServeTheDescriptionsThatTheApiDocumentNames() {
		ApiDocument document = ApiDocument.read();

		document.assertDescribes("Registry daemon", OpenApiContract.fetch(URI.create(this.cluster.registryUrl())));
		document.assertDescribes("Node service", OpenApiContract.fetch(URI.create(this.cluster.nodeUrl("node-1"))));
		document.assertDescribes("Gateway", OpenApiContract.fetch(URI.create(this.cluster.gatewayUrl())));
	}

	@Test
	void shouldAnswerTheNodesCallsThroughTheGatewayAsANodeDescribesThem() {
		OpenApiContract node = OpenApiContract.fetch(URI.create(this.cluster.nodeUrl("node-1")))
			.at(URI.create(this.cluster.gatewayUrl()));

		node.assertCallsAnswerAsDocumented(List.of(ApiCall.of("GET", "/api/whoami", 200),
				ApiCall.of("GET", "/api/work?cpuMs=1&ioMs=1", 200), ApiCall.of("GET", "/api/work?ioMs=60000", 400),
				ApiCall.of("POST", "/api/cart/items", "{\"sku\":\"pear\",\"qty\":1}", 201),
				ApiCall.of("GET", "/api/cart", 200), ApiCall.of("POST", "/api/local/counter", 200),
				ApiCall.of("PUT", "/api/catalog/described", "{\"value\":\"yes\"}", 200),
				ApiCall.of("GET", "/api/catalog", 200), ApiCall.of("GET", "/api/jobs/no-such-job", 404),
				ApiCall.of("POST", "/api/jobs", "{\"durationMs\":1}", 202)), null);
	}

	@Test
	void shouldAnswerTheRegistrysAndTheGatewaysReadsAsDescribed() {
		OpenApiContract registry = OpenApiContract.fetch(URI.create(this.cluster.registryUrl()));
		OpenApiContract gateway = OpenApiContract.fetch(URI.create(this.cluster.gatewayUrl()));

		registry.assertCallsAnswerAsDocumented(List.of(ApiCall.of("GET", "/v1/services", 200),
				ApiCall.of("GET", "/v1/services/node-service", 200), ApiCall.of("GET", "/v1/prometheus/targets", 200),
				ApiCall.of("GET", "/v1/health/checks", 200), ApiCall.of("GET", "/v1/kv/switchyard?recurse=true", 200)),
				null);
		gateway.assertCallsAnswerAsDocumented(
				List.of(ApiCall.of("GET", "/admin/lb", 200), ApiCall.of("GET", "/admin/instances/node-1/chaos", 200),
						ApiCall.of("GET", "/cluster/state", 200), ApiCall.of("GET", "/cluster/registry", 200),
						ApiCall.of("GET", "/cluster/catalog", 200), ApiCall.of("GET", "/cluster/tier", 200)),
				this.cluster.adminToken());
	}

}
