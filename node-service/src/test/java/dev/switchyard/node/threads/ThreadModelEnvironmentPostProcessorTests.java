package dev.switchyard.node.threads;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ThreadModelEnvironmentPostProcessorTests {

	private final ThreadModelEnvironmentPostProcessor postProcessor = new ThreadModelEnvironmentPostProcessor();

	@Test
	void shouldServeOnVirtualThreadsByDefault() {
		MockEnvironment environment = new MockEnvironment();

		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("spring.threads.virtual.enabled")).isEqualTo("true");
	}

	@ParameterizedTest
	@CsvSource({ "platform, false", "virtual, true", "PLATFORM, false", "' Virtual ', true" })
	void shouldDecideVirtualThreadsFromNodeThreads(String threads, String virtualEnabled) {
		MockEnvironment environment = new MockEnvironment().withProperty("node.threads", threads);

		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("spring.threads.virtual.enabled")).isEqualTo(virtualEnabled);
	}

	@Test
	void shouldHoldTomcatsPoolAtOnePlatformThreadWhenIterative() {
		MockEnvironment environment = new MockEnvironment().withProperty("node.threads", "iterative")
			.withProperty("server.tomcat.threads.max", "200");

		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("spring.threads.virtual.enabled")).isEqualTo("false");
		assertThat(environment.getProperty("server.tomcat.threads.max")).isEqualTo("1");
		assertThat(environment.getProperty("server.tomcat.threads.min-spare")).isEqualTo("1");
	}

	@Test
	void shouldOverrideSpringBootsOwnSetting() {
		MockEnvironment environment = new MockEnvironment().withProperty("node.threads", "platform")
			.withProperty("spring.threads.virtual.enabled", "true");

		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("spring.threads.virtual.enabled")).isEqualTo("false");
	}

	@ParameterizedTest
	@ValueSource(strings = { "green", "", "fibers" })
	void shouldRejectUnknownModel(String threads) {
		MockEnvironment environment = new MockEnvironment().withProperty("node.threads", threads);

		assertThatIllegalStateException()
			.isThrownBy(() -> this.postProcessor.postProcessEnvironment(environment, new SpringApplication()))
			.withMessage(
					"node.threads (NODE_THREADS) must be 'platform', 'virtual' or 'iterative', was '" + threads + "'");
	}

}
