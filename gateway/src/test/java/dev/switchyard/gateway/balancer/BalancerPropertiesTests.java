package dev.switchyard.gateway.balancer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BalancerPropertiesTests {

	@Test
	void shouldNotShowTheStickyCookieKeyWhenPrinted() {
		assertThat(new BalancerProperties.Sticky("cookie-key")).asString()
			.doesNotContain("cookie-key")
			.isEqualTo("Sticky[secret=******]");
		assertThat(new BalancerProperties.Sticky(null)).asString().isEqualTo("Sticky[secret=]");
	}

}
