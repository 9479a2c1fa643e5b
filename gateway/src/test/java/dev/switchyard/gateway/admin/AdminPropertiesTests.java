package dev.switchyard.gateway.admin;

import org.junit.jupiter.api.Test;

import dev.switchyard.web.security.AdminRateLimitProperties;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class AdminPropertiesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(Config.class);

	@Test
	void shouldBindTheRateLimitsUnderGatewayAdminRateLimit() {
		this.contextRunner
			.withPropertyValues("gateway.admin.token=s3cret", "gateway.admin.rate-limit.requests-per-second=3",
					"gateway.admin.ratelimit.burst=7")
			.run((context) -> assertThat(context.getBean(AdminProperties.class).rateLimit())
				.isEqualTo(new AdminRateLimitProperties(true, 3, 7, 10, 10, 100_000)));
	}

	@Test
	void shouldNotShowTheTokenWhenPrinted() {
		AdminProperties properties = new AdminProperties("s3cret", new AdminRateLimitProperties(true, 1, 1, 1, 1, 1));

		assertThat(properties).asString().doesNotContain("s3cret").contains("token=******", "rateLimit=");
		assertThat(new AdminProperties(null, properties.rateLimit())).asString().contains("token=,");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(AdminProperties.class)
	static class Config {

	}

}
