package dev.switchyard.node.admin;

import dev.switchyard.node.NodeWebMvcTest;
import dev.switchyard.node.chaos.ChaosController;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

@NodeWebMvcTest(ChaosController.class)
@TestPropertySource(properties = { "node.admin.rate-limit.requests-per-second=1", "node.admin.rate-limit.burst=3",
		"node.admin.rate-limit.failed-auth-per-minute=1", "node.admin.rate-limit.failed-auth-burst=2" })
class AdminRateLimitTests {

	private static final String BEARER = "Bearer " + NodeWebMvcTest.ADMIN_TOKEN;

	@Autowired
	private MockMvcTester mvc;

	@BeforeEach
	void warmUp() {
		assertThat(chaos("192.0.2.200", BEARER)).hasStatusOk();
	}

	@Test
	void shouldAnswer429ProblemWithRetryAfterOnceTheBurstIsUsed() {
		for (int i = 0; i < 3; i++) {
			assertThat(chaos("192.0.2.1", BEARER)).hasStatusOk();
		}

		MvcTestResult refused = chaos("192.0.2.1", BEARER);

		assertThat(refused).hasStatus(HttpStatus.TOO_MANY_REQUESTS)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.hasHeader(HttpHeaders.RETRY_AFTER, "1");
		assertThat(refused).bodyJson().extractingPath("$.status").isEqualTo(429);
		assertThat(chaos("192.0.2.2", BEARER)).as("another address has its own bucket").hasStatusOk();
	}

	@Test
	void shouldRefuseEvenTheRightTokenOnceFailedAuthenticationsAreUsedUp() {
		assertThat(chaos("192.0.2.3", "Bearer wrong")).hasStatus(HttpStatus.UNAUTHORIZED);
		assertThat(chaos("192.0.2.3", null)).hasStatus(HttpStatus.UNAUTHORIZED);

		MvcTestResult refused = chaos("192.0.2.3", BEARER);

		assertThat(refused).hasStatus(HttpStatus.TOO_MANY_REQUESTS)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(refused.getResponse().getHeader(HttpHeaders.RETRY_AFTER)).satisfies(
				(retryAfter) -> assertThat(Integer.parseInt(retryAfter)).as("one failure a minute").isBetween(55, 60));
	}

	private MvcTestResult chaos(String client, String authorization) {
		MockMvcTester.MockMvcRequestBuilder request = this.mvc.get().uri("/admin/chaos").with((servlet) -> {
			servlet.setRemoteAddr(client);
			return servlet;
		});
		if (authorization != null) {
			request.header(HttpHeaders.AUTHORIZATION, authorization);
		}
		return request.exchange();
	}

}
