package dev.switchyard.gateway.limits;

import org.junit.jupiter.api.Test;

import dev.switchyard.gateway.FakeNode;
import dev.switchyard.gateway.FakeRegistry;
import dev.switchyard.gateway.TestCluster;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limits per client on the real gateway: a write beyond them is a 429 problem+json
 * with {@code Retry-After}, and no node sees it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "gateway.client-limits.catalog-writes.per-second=1",
				"gateway.client-limits.catalog-writes.burst=2", "gateway.client-limits.work-cpu.ms-per-second=10",
				"gateway.client-limits.work-cpu.burst-ms=100" })
@AutoConfigureWebTestClient
@ContextConfiguration(initializers = TestCluster.Initializer.class)
class ClientLimitsGatewayTests {

	private final TestCluster cluster = TestCluster.get();

	@Autowired
	private WebTestClient client;

	@Test
	void shouldRefuseWritesBeyondTheLimitBeforeAnyNodeSeesThem() {
		FakeNode node = this.cluster.node("limited-1");
		this.cluster.register(this.client, FakeRegistry.Instance.up(node));
		int before = node.received();

		for (int i = 0; i < 2; i++) {
			this.client.put()
				.uri("/api/catalog/k")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"value\":\"v\"}")
				.exchange()
				.expectStatus()
				.isOk();
		}
		this.client.put()
			.uri("/api/catalog;x/k")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"value\":\"v\"}")
			.exchange()
			.expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.valueEquals("Retry-After", "1")
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(429)
			.jsonPath("$.detail")
			.value((detail) -> assertThat((String) detail).contains("Catalog writes"));
		this.client.get().uri("/api/work?cpuMs=200").exchange().expectStatus().isOk();
		this.client.get().uri("/api/work?cpuMs=200").exchange().expectStatus().isEqualTo(429);
		this.client.get().uri("/api/catalog/k").exchange().expectStatus().isOk();

		assertThat(node.received() - before).isEqualTo(4);
	}

}
