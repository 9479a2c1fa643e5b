package dev.switchyard.node.work;

import dev.switchyard.node.NodeWebMvcTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

@NodeWebMvcTest(WorkController.class)
class WorkControllerTests {

	@Autowired
	private MockMvcTester mvc;

	@Test
	void shouldBurnCpuThenWait() {
		MvcTestResult result = this.mvc.get().uri("/api/work?cpuMs=20&ioMs=30").exchange();

		assertThat(result).hasStatusOk().hasHeader("X-Instance-Id", "node-a");
		assertThat(result).bodyJson().extractingPath("$.instanceId").isEqualTo("node-a");
		assertThat(result).bodyJson().extractingPath("$.cpuMs").isEqualTo(20);
		assertThat(result).bodyJson().extractingPath("$.ioMs").isEqualTo(30);
		assertThat(result).bodyJson()
			.extractingPath("$.elapsedMs")
			.asNumber()
			.satisfies((elapsed) -> assertThat(elapsed.longValue()).isGreaterThanOrEqualTo(50));
		assertThat(result).bodyJson().extractingPath("$.thread").asString().isNotBlank();
		assertThat(result).bodyJson().extractingPath("$.virtualThread").isEqualTo(false);
	}

	@Test
	void shouldSendWhitespaceAheadOfJsonDuringLongWait() throws Exception {
		MvcTestResult result = this.mvc.get().uri("/api/work?ioMs=600").exchange();

		assertThat(result).hasStatusOk().hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON);
		assertThat(result.getResponse().getContentAsString()).matches("(?s) {2,}\\{.*\\}");
		assertThat(result).bodyJson().extractingPath("$.ioMs").isEqualTo(600);
		assertThat(result).bodyJson()
			.extractingPath("$.elapsedMs")
			.asNumber()
			.satisfies((elapsed) -> assertThat(elapsed.longValue()).isGreaterThanOrEqualTo(600));
	}

	@Test
	void shouldDoNothingWithoutParameters() {
		MvcTestResult result = this.mvc.get().uri("/api/work").exchange();

		assertThat(result).hasStatusOk();
		assertThat(result).bodyJson().extractingPath("$.cpuMs").isEqualTo(0);
		assertThat(result).bodyJson().extractingPath("$.ioMs").isEqualTo(0);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			cpuMs=-1            | cpuMs must be between 0 and 10000, was -1
			cpuMs=10001         | cpuMs must be between 0 and 10000, was 10001
			ioMs=-5             | ioMs must be between 0 and 10000, was -5
			ioMs=20000          | ioMs must be between 0 and 10000, was 20000
			cpuMs=1&ioMs=10001  | ioMs must be between 0 and 10000, was 10001
			""")
	void shouldRejectOutOfBoundsWork(String query, String detail) {
		MvcTestResult result = this.mvc.get().uri("/api/work?" + query).exchange();

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.hasHeader("X-Instance-Id", "node-a");
		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(400);
		assertThat(result).bodyJson().extractingPath("$.instanceId").isEqualTo("node-a");
		assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo(detail);
	}

	@ParameterizedTest
	@ValueSource(strings = { "cpuMs=lots", "ioMs=1.5" })
	void shouldRejectWorkThatIsNotANumber(String query) {
		MvcTestResult result = this.mvc.get().uri("/api/work?" + query).exchange();

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.instanceId").isEqualTo("node-a");
	}

}
