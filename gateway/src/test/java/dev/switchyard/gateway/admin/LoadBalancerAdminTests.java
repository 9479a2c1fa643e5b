package dev.switchyard.gateway.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.switchyard.gateway.GatewayTest;
import dev.switchyard.gateway.TestCluster;
import dev.switchyard.gateway.balancer.RoutePolicies;
import dev.switchyard.gateway.balancer.RoutePolicy;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.switchyard.gateway.FakeRegistry.Instance.draining;
import static dev.switchyard.gateway.FakeRegistry.Instance.up;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

@GatewayTest
class LoadBalancerAdminTests {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private final TestCluster cluster = TestCluster.get();

	@Autowired
	private WebTestClient client;

	@Autowired
	private RoutePolicies routePolicies;

	@BeforeEach
	void roundRobin() {
		this.routePolicies.set("api", "round-robin", null);
	}

	@Test
	void shouldRefuseARequestWithoutToken() {
		EntityExchangeResult<Map<String, Object>> result = this.client.get()
			.uri("/admin/lb")
			.exchange()
			.expectBody(JSON)
			.returnResult();

		assertThat(result.getStatus().value()).isEqualTo(401);
		assertThat(result.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result.getResponseHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
		assertThat(result.getResponseBody()).containsEntry("status", 401).containsEntry("title", "Unauthorized");
	}

	@Test
	void shouldRefuseAWrongToken() {
		EntityExchangeResult<Map<String, Object>> wrong = this.client.put()
			.uri("/admin/lb/routes/api")
			.headers((headers) -> headers.setBearerAuth(TestCluster.ADMIN_TOKEN + "x"))
			.bodyValue(Map.of("policy", "random"))
			.exchange()
			.expectBody(JSON)
			.returnResult();
		EntityExchangeResult<Map<String, Object>> basic = this.client.get()
			.uri("/admin/lb")
			.headers((headers) -> headers.setBasicAuth("admin", TestCluster.ADMIN_TOKEN))
			.exchange()
			.expectBody(JSON)
			.returnResult();

		assertThat(wrong.getStatus().value()).isEqualTo(401);
		assertThat(basic.getStatus().value()).isEqualTo(401);
		assertThat(this.routePolicies.get("api").policy()).isEqualTo("round-robin");
	}

	@Test
	void shouldShowRoutesAndInstances() {
		this.cluster.register(this.client, up(this.cluster.node("node-a")), draining(this.cluster.node("node-b")));

		LoadBalancerState state = this.client.get()
			.uri("/admin/lb")
			.headers((headers) -> headers.setBearerAuth(TestCluster.ADMIN_TOKEN))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(LoadBalancerState.class)
			.returnResult()
			.getResponseBody();

		assertThat(state.routes()).containsOnlyKeys("api");
		assertThat(state.routes().get("api")).isEqualTo(new RoutePolicy("round-robin", null));
		assertThat(state.instances()).extracting(InstanceState::instanceId, InstanceState::status, InstanceState::host)
			.containsExactly(tuple("node-a", "UP", "127.0.0.1"), tuple("node-b", "DRAINING", "127.0.0.1"));
		assertThat(state.instances()).allSatisfy((instance) -> {
			assertThat(instance.service()).isEqualTo("node-service");
			assertThat(instance.weight()).isEqualTo(1);
			assertThat(instance.port()).isPositive();
		});
	}

	@Test
	void shouldSwitchARoutesPolicyAtOnce() {
		this.cluster.register(this.client, up(this.cluster.node("node-a")), up(this.cluster.node("node-b")));

		EntityExchangeResult<Map<String, Object>> switched = put("/admin/lb/routes/api",
				Map.of("policy", "consistent-hash", "hashKey", "header:X-User"));
		List<String> servedBy = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			servedBy.add(this.client.get()
				.uri("/api/whoami")
				.header("X-User", "alice")
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals("X-LB-Policy", "consistent-hash")
				.returnResult(String.class)
				.getResponseHeaders()
				.getFirst("X-Served-By"));
		}

		assertThat(switched.getStatus().value()).isEqualTo(200);
		assertThat(switched.getResponseBody()).containsEntry("policy", "consistent-hash")
			.containsEntry("hashKey", "header:X-User");
		assertThat(servedBy).hasSize(10).containsOnly(servedBy.get(0));
	}

	@Test
	void shouldRejectAnUnknownPolicyNamingTheValidOnes() {
		EntityExchangeResult<Map<String, Object>> result = put("/admin/lb/routes/api", Map.of("policy", "fastest"));

		assertThat(result.getStatus().value()).isEqualTo(400);
		assertThat(result.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat((String) result.getResponseBody().get("detail")).contains("fastest", "round-robin",
				"weighted-round-robin", "random", "least-connections", "p2c", "ewma", "ip-hash", "consistent-hash",
				"sticky-cookie");
		assertThat(result.getResponseBody()).containsKey("validPolicies");
		assertThat(this.routePolicies.get("api").policy()).isEqualTo("round-robin");
	}

	@Test
	void shouldRejectAnInvalidHashKey() {
		EntityExchangeResult<Map<String, Object>> result = put("/admin/lb/routes/api",
				Map.of("policy", "consistent-hash", "hashKey", "body"));

		assertThat(result.getStatus().value()).isEqualTo(400);
		assertThat((String) result.getResponseBody().get("detail")).contains("header:NAME");
	}

	@Test
	void shouldRejectAMissingPolicy() {
		EntityExchangeResult<Map<String, Object>> result = put("/admin/lb/routes/api", Map.of("hashKey", "uri"));

		assertThat(result.getStatus().value()).isEqualTo(400);
		assertThat(result.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	@SuppressWarnings("unchecked")
	void shouldTakeAndShowTheSettingsBeyondThePolicy() {
		EntityExchangeResult<Map<String, Object>> switched = put("/admin/lb/routes/api", Map.of("policy", "p2c",
				"slowStart", "30s", "maxInFlight", 8, "queueTimeout", "100ms", "zoneAware", true));

		Map<String, Object> shown = this.client.get()
			.uri("/admin/lb")
			.headers((headers) -> headers.setBearerAuth(TestCluster.ADMIN_TOKEN))
			.exchange()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();

		assertThat(switched.getStatus().value()).isEqualTo(200);
		assertThat(switched.getResponseBody()).containsEntry("slowStart", "30s")
			.containsEntry("maxInFlight", 8)
			.containsEntry("queueTimeout", "100ms")
			.containsEntry("zoneAware", true)
			.containsEntry("adaptiveLimit", null);
		assertThat((Map<String, Object>) ((Map<String, Object>) shown.get("routes")).get("api"))
			.isEqualTo(switched.getResponseBody());
		assertThat(this.routePolicies.get("api").maxInFlight()).isEqualTo(8);
	}

	@Test
	void shouldRejectAnUnknownSettingNamingIt() {
		EntityExchangeResult<Map<String, Object>> result = put("/admin/lb/routes/api",
				Map.of("policy", "p2c", "maxInflight", 8));

		assertThat(result.getStatus().value()).isEqualTo(400);
		assertThat(result.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result.getResponseBody()).containsEntry("setting", "maxInflight");
		assertThat(this.routePolicies.get("api").policy()).isEqualTo("round-robin");
	}

	@Test
	void shouldRejectAValueItCannotUseNamingTheSetting() {
		EntityExchangeResult<Map<String, Object>> result = put("/admin/lb/routes/api",
				Map.of("policy", "p2c", "hedge", "sometimes"));

		assertThat(result.getStatus().value()).isEqualTo(400);
		assertThat(result.getResponseBody()).containsEntry("setting", "hedge");
		assertThat((String) result.getResponseBody().get("detail")).startsWith("hedge must be");
	}

	@Test
	void shouldAnswer404ForAnUnknownRoute() {
		EntityExchangeResult<Map<String, Object>> result = put("/admin/lb/routes/nope", Map.of("policy", "random"));

		assertThat(result.getStatus().value()).isEqualTo(404);
		assertThat(result.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result.getResponseBody()).containsEntry("detail", "No balanced route 'nope'");
	}

	private EntityExchangeResult<Map<String, Object>> put(String path, Map<String, ?> body) {
		return this.client.put()
			.uri(path)
			.headers((headers) -> headers.setBearerAuth(TestCluster.ADMIN_TOKEN))
			.bodyValue(body)
			.exchange()
			.expectBody(JSON)
			.returnResult();
	}

}
