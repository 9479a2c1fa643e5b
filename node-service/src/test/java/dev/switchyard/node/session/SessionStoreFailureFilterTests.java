package dev.switchyard.node.session;

import java.io.IOException;
import java.util.Map;

import dev.switchyard.node.identity.NodeIdentity;
import dev.switchyard.node.web.ProblemResponseWriter;
import dev.switchyard.registry.client.registration.InstanceIdentity;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SessionStoreFailureFilterTests {

	private final JsonMapper jsonMapper = JsonMapper.builder()
		.addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class)
		.build();

	private final SessionStoreFailureFilter filter = new SessionStoreFailureFilter(
			new ProblemResponseWriter(this.jsonMapper, identity()));

	private final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/cart");

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	@Test
	void shouldAnswer503WhenSessionCannotBeSaved() throws ServletException, IOException {
		FilterChain chain = (request, response) -> {
			response.getWriter().write("{\"partial\":");
			throw new RedisConnectionFailureException("Unable to connect to Redis");
		};

		this.filter.doFilter(this.request, this.response, chain);

		assertThat(this.response.getStatus()).isEqualTo(503);
		assertThat(this.response.getContentType()).isEqualTo("application/problem+json");
		assertThat(this.response.getHeader("Retry-After")).isEqualTo("1");
		assertThat(this.response.getHeader("X-Instance-Id")).isEqualTo("node-a");
		assertThat(this.jsonMapper.readValue(this.response.getContentAsString(), Map.class))
			.containsEntry("status", 503)
			.containsEntry("instanceId", "node-a")
			.containsEntry("instance", "/api/cart")
			.doesNotContainKey("partial");
	}

	@Test
	void shouldRecogniseWrappedTimeout() throws ServletException, IOException {
		FilterChain chain = (request, response) -> {
			throw new ServletException("Request processing failed",
					new QueryTimeoutException("Redis command timed out"));
		};

		this.filter.doFilter(this.request, this.response, chain);

		assertThat(this.response.getStatus()).isEqualTo(503);
	}

	@Test
	void shouldLetOtherFailuresThrough() {
		FilterChain chain = (request, response) -> {
			throw new IllegalStateException("not Redis");
		};

		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> this.filter.doFilter(this.request, this.response, chain));
	}

	@Test
	void shouldLeaveCommittedResponseAlone() throws ServletException, IOException {
		FilterChain chain = (request, response) -> {
			response.getWriter().write("done");
			response.flushBuffer();
			throw new RedisConnectionFailureException("Unable to connect to Redis");
		};

		this.filter.doFilter(this.request, this.response, chain);

		assertThat(this.response.getStatus()).isEqualTo(200);
		assertThat(this.response.getContentAsString()).isEqualTo("done");
	}

	private static NodeIdentity identity() {
		MockEnvironment environment = new MockEnvironment().withProperty("registry.client.registration.instance-id",
				"node-a");
		return new NodeIdentity(new StaticListableBeanFactory()
			.getBeanProvider(dev.switchyard.registry.client.registration.InstanceIdentity.class), environment);
	}

}
