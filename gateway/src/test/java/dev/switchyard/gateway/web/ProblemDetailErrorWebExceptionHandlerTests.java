package dev.switchyard.gateway.web;

import java.net.ConnectException;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import dev.switchyard.gateway.balancer.NoInstanceAvailableException;
import dev.switchyard.gateway.balancer.PolicyResponse;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ResponseStatusException;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemDetailErrorWebExceptionHandlerTests {

	private final JsonMapper json = JsonMapper.builder().build();

	private final ProblemDetailErrorWebExceptionHandler handler = new ProblemDetailErrorWebExceptionHandler(this.json);

	@Test
	void shouldRenderNoInstanceAs503Problem() {
		Map<String, Object> problem = handle(new NoInstanceAvailableException("node-service"), 503);

		assertThat(problem).containsEntry("type", "about:blank")
			.containsEntry("title", "Service Unavailable")
			.containsEntry("status", 503)
			.containsEntry("detail", "No instance of node-service is available")
			.containsEntry("instance", "/api/whoami");
	}

	@Test
	void shouldRenderAConnectionFailureAs502Problem() {
		Map<String, Object> problem = handle(new ConnectException("Connection refused"), 502);

		assertThat(problem).containsEntry("title", "Bad Gateway");
	}

	@Test
	void shouldNameTheUpstreamInstanceThatBrokeTheConnection() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/api/cart/items"));
		exchange.getAttributes()
			.put(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR,
					new PolicyResponse(new DefaultServiceInstance("node-2", "node-service", "127.0.0.1", 9002, false),
							"round-robin", null, null));

		Map<String, Object> problem = handle(exchange, new java.io.IOException("Connection prematurely closed"), 502);

		assertThat(problem).containsEntry("upstreamInstance", "node-2")
			.containsEntry("detail", "The upstream connection failed");
	}

	@Test
	void shouldRenderAConnectionClosedBeforeSendingAs502Problem() {
		Map<String, Object> problem = handle(reactor.netty.channel.AbortedException.beforeSend(), 502);

		assertThat(problem).containsEntry("detail", "The upstream connection failed");
	}

	@Test
	void shouldRenderATimeoutAs504Problem() {
		Map<String, Object> problem = handle(new IllegalStateException(new TimeoutException("slow")), 504);

		assertThat(problem).containsEntry("title", "Gateway Timeout");
	}

	@Test
	void shouldRenderAnythingElseAs500ProblemWithoutInternals() {
		Map<String, Object> problem = handle(new IllegalStateException("secret internals"), 500);

		assertThat(problem).containsOnlyKeys("type", "title", "status", "detail", "instance");
		assertThat(problem.get("detail").toString()).doesNotContain("secret");
	}

	@Test
	void shouldKeepTheStatusAndReasonOfAResponseStatusException() {
		Map<String, Object> problem = handle(new ResponseStatusException(HttpStatus.CONFLICT, "Busy"), 409);

		assertThat(problem).containsEntry("detail", "Busy");
	}

	private Map<String, Object> handle(Throwable error, int expectedStatus) {
		return handle(MockServerWebExchange.from(MockServerHttpRequest.get("/api/whoami")), error, expectedStatus);
	}

	private Map<String, Object> handle(MockServerWebExchange exchange, Throwable error, int expectedStatus) {
		StepVerifier.create(this.handler.handle(exchange, error)).verifyComplete();

		assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(expectedStatus);
		assertThat(exchange.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		AtomicReference<Map<String, Object>> problem = new AtomicReference<>();
		StepVerifier.create(exchange.getResponse().getBodyAsString())
			.assertNext((body) -> problem.set(this.json.readValue(body, new TypeReference<Map<String, Object>>() {
			})))
			.verifyComplete();
		return problem.get();
	}

}
