package dev.switchyard.node.local;

import dev.switchyard.node.NodeWebMvcTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

@NodeWebMvcTest(LocalCounterController.class)
@Import(LocalCounters.class)
class LocalCounterControllerTests {

	@Autowired
	private MockMvcTester mvc;

	@Test
	void shouldCountWithinSession() {
		MockHttpSession session = new MockHttpSession();
		this.mvc.post().uri("/api/local/counter").session(session).exchange();

		MvcTestResult second = this.mvc.post().uri("/api/local/counter").session(session).exchange();

		assertThat(second).hasStatusOk();
		assertThat(second).bodyJson().isLenientlyEqualTo("""
				{"instanceId":"node-a","count":2}
				""");
		assertThat(this.mvc.get().uri("/api/local/counter").session(session)).bodyJson()
			.extractingPath("$.count")
			.isEqualTo(2);
	}

	@Test
	void shouldNotLeakSessionId() {
		MockHttpSession session = new MockHttpSession();

		MvcTestResult result = this.mvc.post().uri("/api/local/counter").session(session).exchange();

		assertThat(result).bodyJson()
			.extractingPath("$.sessionId")
			.asString()
			.hasSize(12)
			.isNotEqualTo(session.getId())
			.isEqualTo(LocalCounterController.fingerprint(session.getId()));
	}

	@Test
	void shouldCreateSessionOnPost() {
		MvcTestResult result = this.mvc.post().uri("/api/local/counter").exchange();

		assertThat(result.getRequest().getSession(false)).isNotNull();
		assertThat(result).bodyJson().extractingPath("$.count").isEqualTo(1);
	}

	@Test
	void shouldReadZeroWithoutSession() {
		MvcTestResult result = this.mvc.get().uri("/api/local/counter").exchange();

		assertThat(result).hasStatusOk();
		assertThat(result).bodyJson().isStrictlyEqualTo("""
				{"instanceId":"node-a","count":0}
				""");
		assertThat(result.getRequest().getSession(false)).isNull();
	}

}
