package dev.switchyard.registry.api;

import dev.switchyard.registry.WebSliceTestConfiguration;
import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

@WebMvcTest(ProblemDetailErrorController.class)
@Import(WebSliceTestConfiguration.class)
@TestPropertySource(properties = "registry.security.token=test-token")
class ProblemDetailErrorControllerTests {

	@Autowired
	private MockMvcTester mvc;

	@Test
	void shouldRenderClientErrorWithContainerMessage() {
		MvcTestResult result = this.mvc.get()
			.uri("/error")
			.requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 400)
			.requestAttr(RequestDispatcher.ERROR_MESSAGE, "Invalid URI")
			.requestAttr(RequestDispatcher.ERROR_REQUEST_URI, "/v1/services/x")
			.accept(MediaType.TEXT_HTML)
			.exchange();

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().isLenientlyEqualTo("""
				{"status":400,"title":"Bad Request","detail":"Invalid URI","instance":"/v1/services/x"}""");
	}

	@Test
	void shouldNotRevealServerErrorMessage() {
		MvcTestResult result = this.mvc.get()
			.uri("/error")
			.requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 500)
			.requestAttr(RequestDispatcher.ERROR_MESSAGE, "secret internals")
			.exchange();

		assertThat(result).hasStatus(HttpStatus.INTERNAL_SERVER_ERROR)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyText().doesNotContain("secret");
	}

}
