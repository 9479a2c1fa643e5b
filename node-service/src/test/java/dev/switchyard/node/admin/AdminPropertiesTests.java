package dev.switchyard.node.admin;

import dev.switchyard.web.security.AdminRateLimitProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AdminPropertiesTests {

	@Test
	void shouldNotShowTheTokenWhenPrinted() {
		AdminProperties properties = new AdminProperties("s3cret", new AdminRateLimitProperties(true, 1, 1, 1, 1, 1));

		assertThat(properties).asString().doesNotContain("s3cret").contains("token=******", "rateLimit=");
		assertThat(new AdminProperties(null, properties.rateLimit())).asString().contains("token=,");
	}

}
