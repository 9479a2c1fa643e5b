package dev.switchyard.node.identity;

import dev.switchyard.node.NodeWebMvcTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

@NodeWebMvcTest(WhoamiController.class)
class WhoamiControllerTests {

	@Autowired
	private MockMvcTester mvc;

	@Test
	void shouldDescribeInstanceProcessAndThread() {
		MvcTestResult result = this.mvc.get().uri("/api/whoami").exchange();

		assertThat(result).hasStatusOk().hasHeader("X-Instance-Id", "node-a");
		assertThat(result).bodyJson().extractingPath("$.instanceId").isEqualTo("node-a");
		assertThat(result).bodyJson().extractingPath("$.host").isEqualTo("127.0.0.1");
		assertThat(result).bodyJson()
			.extractingPath("$.pid")
			.convertTo(Long.class)
			.isEqualTo(ProcessHandle.current().pid());
		assertThat(result).bodyJson().extractingPath("$.thread").asString().isNotBlank();
		assertThat(result).bodyJson().extractingPath("$.virtualThread").isEqualTo(false);
		assertThat(result).bodyJson().extractingPath("$.threads").isEqualTo("virtual");
		assertThat(result).bodyJson()
			.extractingPath("$.uptimeSeconds")
			.asNumber()
			.satisfies((uptime) -> assertThat(uptime.longValue()).isNotNegative());
		assertThat(result).bodyJson().extractingPath("$.port").isEqualTo(0);
	}

	@Test
	void shouldNotCreateSession() {
		MvcTestResult result = this.mvc.get().uri("/api/whoami").exchange();

		assertThat(result.getRequest().getSession(false)).isNull();
	}

}
