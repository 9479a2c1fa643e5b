package dev.switchyard.registry.security;

import dev.switchyard.web.security.AdminRateLimitProperties;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class RegistrySecurityPropertiesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Config.class);

	@Test
	void shouldRefuseToStartWithoutToken() {
		this.contextRunner.run((context) -> assertThat(context).hasFailed()
			.getFailure()
			.rootCause()
			.hasMessageContaining("REGISTRY_TOKEN"));
	}

	@Test
	void shouldRefuseToStartWithBlankToken() {
		this.contextRunner.withPropertyValues("registry.security.token= ")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("REGISTRY_TOKEN"));
	}

	@Test
	void shouldStartWithTokenWithoutRevealingIt() {
		this.contextRunner.withPropertyValues("registry.security.token=s3cret")
			.run((context) -> assertThat(context).getBean(RegistrySecurityProperties.class)
				.satisfies((properties) -> assertThat(properties.token()).isEqualTo("s3cret"))
				.asString()
				.doesNotContain("s3cret"));
	}

	@Test
	void shouldBindTheRateLimitsOfWritesUnderRegistrySecurityRateLimit() {
		this.contextRunner
			.withPropertyValues("registry.security.token=s3cret", "registry.security.rate-limit.burst=5000",
					"registry.security.ratelimit.failed-auth-burst=7")
			.run((context) -> assertThat(context.getBean(RegistrySecurityProperties.class).rateLimit())
				.isEqualTo(new AdminRateLimitProperties(true, 20, 5000, 10, 7, 100_000)));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(RegistrySecurityProperties.class)
	static class Config {

	}

}
