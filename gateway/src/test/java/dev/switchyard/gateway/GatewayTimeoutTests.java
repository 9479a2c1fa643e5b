package dev.switchyard.gateway;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;

import dev.switchyard.gateway.balancer.RoutePolicies;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.switchyard.gateway.FakeRegistry.Instance.up;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connect and response timeouts towards the instances, with a response timeout short
 * enough to be waited for.
 */
@GatewayTest
@TestPropertySource(properties = "gateway.upstream.response-timeout=500ms")
class GatewayTimeoutTests {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private final TestCluster cluster = TestCluster.get();

	@Autowired
	private WebTestClient client;

	@Autowired
	private RoutePolicies routePolicies;

	@Autowired
	private HttpClientProperties httpClient;

	@Autowired
	private HttpClient upstreamClient;

	@Test
	void shouldConnectWithTheConfiguredTimeouts() {
		assertThat(this.httpClient.getConnectTimeout()).isEqualTo(1000);
		// timed on the connection's event loop, not by a Reactor timer per request
		assertThat(this.httpClient.getResponseTimeout()).isNull();
		assertThat(this.upstreamClient.configuration().responseTimeout()).isEqualTo(Duration.ofMillis(500));
	}

	@Test
	void shouldAnswer504ProblemWhenTheInstanceDoesNotAnswerInTime() {
		this.routePolicies.set("api", "round-robin", null);
		FakeNode slow = this.cluster.node("slow-timeout");
		slow.answer(200);
		slow.delay(Duration.ofSeconds(2));
		this.cluster.register(this.client, up(slow));

		long started = System.nanoTime();
		EntityExchangeResult<Map<String, Object>> result = this.client.get()
			.uri("/api/work")
			.exchange()
			.expectBody(JSON)
			.returnResult();
		Duration took = Duration.ofNanos(System.nanoTime() - started);

		assertThat(result.getStatus().value()).isEqualTo(504);
		assertThat(result.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result.getResponseBody()).containsEntry("status", 504)
			.containsEntry("title", "Gateway Timeout")
			.containsEntry("instance", "/api/work");
		assertThat((String) result.getResponseBody().get("detail"))
			.startsWith("Instance slow-timeout of node-service did not answer in time")
			.endsWith("(longer than gateway.upstream.response-timeout)");
		assertThat(took).isLessThan(Duration.ofMillis(1900));
		assertThat(slow.received()).isEqualTo(1);
	}

}
