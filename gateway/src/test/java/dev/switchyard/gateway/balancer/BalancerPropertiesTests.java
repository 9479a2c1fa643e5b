package dev.switchyard.gateway.balancer;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BalancerPropertiesTests {

	@Test
	void shouldNotShowTheStickyCookieKeyWhenPrinted() {
		assertThat(new BalancerProperties.Sticky(List.of(), "cookie-key")).asString()
			.doesNotContain("cookie-key")
			.isEqualTo("Sticky[secret=******]");
		assertThat(new BalancerProperties.Sticky(List.of(), null)).asString().isEqualTo("Sticky[secret=]");
	}

}
