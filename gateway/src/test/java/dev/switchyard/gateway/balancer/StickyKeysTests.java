package dev.switchyard.gateway.balancer;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class StickyKeysTests {

	@Test
	void shouldUseTheSecretsInTheirOrder() {
		BalancerProperties.Sticky sticky = new BalancerProperties.Sticky(List.of(" new ", "old", ""), null);

		List<byte[]> keys = BalancerConfiguration.stickyKeys(sticky, new MockEnvironment());

		assertThat(keys).extracting((key) -> new String(key, StandardCharsets.UTF_8)).containsExactly("new", "old");
		assertThat(sticky.toString()).doesNotContain("new", "old");
	}

	@Test
	void shouldRefuseToStartInProductionWithoutSecrets() {
		MockEnvironment environment = new MockEnvironment();
		environment.setActiveProfiles("prod");

		assertThatExceptionOfType(MissingStickySecretsException.class)
			.isThrownBy(
					() -> BalancerConfiguration.stickyKeys(new BalancerProperties.Sticky(List.of(), null), environment))
			.withMessageContaining("GATEWAY_STICKY_SECRETS is not set")
			.satisfies((ex) -> assertThat(new MissingStickySecretsFailureAnalyzer().analyze(ex).getAction())
				.contains("openssl rand"));
	}

	@Test
	void shouldUseARandomKeyOutsideProduction() {
		List<byte[]> first = BalancerConfiguration.stickyKeys(new BalancerProperties.Sticky(List.of(), null),
				new MockEnvironment());
		List<byte[]> second = BalancerConfiguration.stickyKeys(new BalancerProperties.Sticky(List.of(), ""),
				new MockEnvironment());

		assertThat(first).hasSize(1);
		assertThat(first.get(0)).hasSize(32).isNotEqualTo(second.get(0));
	}

}
