package dev.switchyard.node.jobs;

import dev.switchyard.node.NodeWebMvcTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bodies of {@code POST /api/jobs} that never reach the job store: its Redis listens
 * nowhere, so a body let through would answer 503, not 400.
 */
@NodeWebMvcTest(JobController.class)
@Import({ JobRunner.class, JobStore.class, JobControllerTests.UnreachableRedis.class })
@EnableConfigurationProperties(JobProperties.class)
class JobControllerTests {

	@Autowired
	private MockMvcTester mvc;

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { """
			{"durationMs":1.5}""", """
			{"durationMs":1.0}""", """
			{"durationMs":0}""", """
			{"durationMs":600001}""", """
			{"durationMs":"x"}""", """
			{"durationMs":1e30}""", "{}" })
	void shouldRejectInvalidDuration(String body) {
		MvcTestResult result = this.mvc.post()
			.uri("/api/jobs")
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)
			.exchange();

		assertThat(result).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.hasHeader("X-Instance-Id", "node-a");
		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(400);
		assertThat(result).bodyJson().extractingPath("$.instanceId").isEqualTo("node-a");
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class UnreachableRedis {

		@Bean
		LettuceConnectionFactory redisConnectionFactory() {
			return new LettuceConnectionFactory("127.0.0.1", 1);
		}

		@Bean
		StringRedisTemplate stringRedisTemplate(LettuceConnectionFactory connectionFactory) {
			return new StringRedisTemplate(connectionFactory);
		}

	}

}
