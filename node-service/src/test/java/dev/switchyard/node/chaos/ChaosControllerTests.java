package dev.switchyard.node.chaos;

import dev.switchyard.node.NodeWebMvcTest;
import dev.switchyard.node.identity.WhoamiController;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

@NodeWebMvcTest({ ChaosController.class, WhoamiController.class })
class ChaosControllerTests {

	private static final String BEARER = "Bearer " + NodeWebMvcTest.ADMIN_TOKEN;

	@Autowired
	private MockMvcTester mvc;

	@Autowired
	private ChaosMonkey monkey;

	@AfterEach
	void clearChaos() {
		this.monkey.clear();
	}

	@Test
	void shouldShowNoChaosAtFirst() {
		MvcTestResult result = this.mvc.get().uri("/admin/chaos").header(HttpHeaders.AUTHORIZATION, BEARER).exchange();

		assertThat(result).hasStatusOk();
		assertThat(result).bodyJson().isLenientlyEqualTo("""
				{"instanceId":"node-a","latencyMs":0,"errorRate":0.0}
				""");
	}

	@Test
	void shouldApplyAndShowChaos() {
		MvcTestResult put = put("""
				{"latencyMs":5,"errorRate":0.25}""");

		MvcTestResult shown = this.mvc.get().uri("/admin/chaos").header(HttpHeaders.AUTHORIZATION, BEARER).exchange();

		assertThat(put).hasStatusOk();
		assertThat(shown).bodyJson().isLenientlyEqualTo("""
				{"instanceId":"node-a","latencyMs":5,"errorRate":0.25}
				""");
	}

	@Test
	void shouldFailApiRequestsWhenErrorRateIsOne() {
		put("""
				{"errorRate":1.0}""");

		MvcTestResult result = this.mvc.get().uri("/api/whoami").exchange();

		assertThat(result).hasStatus(HttpStatus.INTERNAL_SERVER_ERROR)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.hasHeader("X-Instance-Id", "node-a");
		assertThat(result).bodyJson().extractingPath("$.title").isEqualTo("Injected failure");
		assertThat(result).bodyJson().extractingPath("$.instanceId").isEqualTo("node-a");
	}

	@Test
	void shouldLeaveAdminReachableWhenFailing() {
		put("""
				{"errorRate":1.0}""");

		MvcTestResult result = this.mvc.get().uri("/admin/chaos").header(HttpHeaders.AUTHORIZATION, BEARER).exchange();

		assertThat(result).hasStatusOk();
	}

	@Test
	void shouldClearChaos() {
		put("""
				{"latencyMs":10,"errorRate":1.0}""");

		MvcTestResult deleted = this.mvc.delete()
			.uri("/admin/chaos")
			.header(HttpHeaders.AUTHORIZATION, BEARER)
			.exchange();

		assertThat(deleted).hasStatus(HttpStatus.NO_CONTENT);
		assertThat(this.mvc.get().uri("/api/whoami")).hasStatusOk();
		assertThat(this.monkey.settings()).isEqualTo(ChaosSettings.NONE);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { """
			{"latencyMs":-1}""", """
			{"latencyMs":30001}""", """
			{"errorRate":-0.1}""", """
			{"errorRate":1.01}""", """
			{"errorRate":"often"}""", """
			{"latencyMs":""", "" })
	void shouldRejectInvalidChaos(String body) {
		MvcTestResult result = put(body);

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.instanceId").isEqualTo("node-a");
		assertThat(this.monkey.settings()).isEqualTo(ChaosSettings.NONE);
	}

	@ParameterizedTest(name = "[{0}]")
	@ValueSource(strings = { "", "Bearer", "Bearer ", "Bearer wrong", "Basic dGVzdC1hZG1pbi10b2tlbg==",
			"Bearer " + NodeWebMvcTest.ADMIN_TOKEN + "x", "Bearer test-admin-toke", NodeWebMvcTest.ADMIN_TOKEN })
	void shouldRejectMissingOrWrongToken(String authorization) {
		MvcTestResult result = this.mvc.put()
			.uri("/admin/chaos")
			.header(HttpHeaders.AUTHORIZATION, authorization)
			.contentType(MediaType.APPLICATION_JSON)
			.content("""
					{"errorRate":1.0}""")
			.exchange();

		assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.hasHeader("X-Instance-Id", "node-a")
			.hasHeader(HttpHeaders.WWW_AUTHENTICATE, authorization.isEmpty() ? "Bearer realm=\"switchyard-node\""
					: "Bearer realm=\"switchyard-node\", error=\"invalid_token\"");
		assertThat(result).bodyJson().extractingPath("$.instanceId").isEqualTo("node-a");
		assertThat(this.monkey.settings()).isEqualTo(ChaosSettings.NONE);
	}

	@Test
	void shouldRejectRequestWithoutAuthorization() {
		MvcTestResult result = this.mvc.delete().uri("/admin/chaos").exchange();

		assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED);
	}

	@Test
	void shouldAcceptBearerSchemeInAnyCase() {
		MvcTestResult result = this.mvc.get()
			.uri("/admin/chaos")
			.header(HttpHeaders.AUTHORIZATION, "bearer " + NodeWebMvcTest.ADMIN_TOKEN)
			.exchange();

		assertThat(result).hasStatusOk();
	}

	private MvcTestResult put(String body) {
		return this.mvc.put()
			.uri("/admin/chaos")
			.header(HttpHeaders.AUTHORIZATION, BEARER)
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)
			.exchange();
	}

}
