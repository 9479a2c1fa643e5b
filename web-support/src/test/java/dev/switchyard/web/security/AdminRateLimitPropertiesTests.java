package dev.switchyard.web.security;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.switchyard.web.ratelimit.RateLimits;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class AdminRateLimitPropertiesTests {

	@Test
	void shouldBindUnderAnApplicationsOwnPrefixWithItsDefaults() {
		AppProperties properties = bind(Map.of("app.admin.token", "x"));

		assertThat(properties.rateLimit().toLimits()).isEqualTo(new RateLimits(true, 20, 40, 10, 10, 100_000));
	}

	@Test
	void shouldTakeWhatIsSetAndDefaultTheRest() {
		AppProperties properties = bind(Map.of("app.admin.rate-limit.burst", "5", "app.admin.ratelimit.enabled",
				"false", "app.admin.rate-limit.failed-auth-per-minute", "3"));

		assertThat(properties.rateLimit()).isEqualTo(new AdminRateLimitProperties(false, 20, 5, 3, 10, 100_000));
	}

	private static AppProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("app.admin",
				AppProperties.class);
	}

	record AppProperties(String token, @DefaultValue AdminRateLimitProperties rateLimit) {

	}

}
