package dev.switchyard.gateway.balancer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

import dev.switchyard.gateway.balancer.policy.PolicyCatalog;
import dev.switchyard.gateway.balancer.stats.BalancerStatistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The parsing and validation of the route settings beyond the policy, by
 * {@link RoutePolicies#check(Map)}.
 */
class RouteSettingsTests {

	private final RoutePolicies policies = new RoutePolicies(
			new BalancerProperties("round-robin", Map.of(), new BalancerProperties.Sticky(List.of(), null),
					new BalancerProperties.Ewma(Duration.ofSeconds(10)),
					new BalancerProperties.Ejection(5, Duration.ofSeconds(10), Duration.ofMinutes(5),
							Set.of(500, 502, 503, 504)),
					List.of()),
			new PolicyCatalog(BalancerStatistics.withDefaults(() -> 0L), "key".getBytes(StandardCharsets.UTF_8)));

	@Test
	void shouldParseAllEightSettings() {
		Map<String, Object> fields = new HashMap<>();
		fields.put("policy", "consistent-hash");
		fields.put("hashKey", "header:X-User");
		fields.put("slowStart", "30s");
		fields.put("maxInFlight", 16);
		fields.put("queueTimeout", "250ms");
		fields.put("adaptiveLimit", true);
		fields.put("retryBudget", 20);
		fields.put("hedge", "p95");
		fields.put("hashBalanceFactor", 1.25);
		fields.put("zoneAware", true);

		RoutePolicy settings = this.policies.check(fields);

		assertThat(settings).isEqualTo(new RoutePolicy("consistent-hash", "header:X-User", Duration.ofSeconds(30), 16,
				Duration.ofMillis(250), true, 20.0, "p95", 1.25, true));
		assertThat(settings.hedgePercentile()).isEqualTo(95.0);
		assertThat(settings.hedgeDelay()).isNull();
		assertThat(settings.isAdaptiveLimit()).isTrue();
		assertThat(settings.isZoneAware()).isTrue();
	}

	@Test
	void shouldLeaveAbsentSettingsOff() {
		RoutePolicy settings = this.policies.check(Map.of("policy", "p2c"));

		assertThat(settings).isEqualTo(new RoutePolicy("p2c", null));
		assertThat(settings.isAdaptiveLimit()).isFalse();
		assertThat(settings.hedgeDelay()).isNull();
	}

	@Test
	void shouldShowEverySettingWithDurationsAsWritten() {
		RoutePolicy settings = this.policies
			.check(Map.of("policy", "round-robin", "slowStart", "PT1M", "hedge", "50ms", "maxInFlight", 4));

		String json = JsonMapper.builder().build().writeValueAsString(settings);

		assertThat(json).isEqualTo("{\"policy\":\"round-robin\",\"hashKey\":null,\"slowStart\":\"60s\","
				+ "\"maxInFlight\":4,\"queueTimeout\":null,\"adaptiveLimit\":null,\"retryBudget\":null,"
				+ "\"hedge\":\"50ms\",\"hashBalanceFactor\":null,\"zoneAware\":null}");
		assertThat(settings.hedgeDelay()).isEqualTo(Duration.ofMillis(50));
	}

	@Test
	void shouldReadBackWhatItShows() {
		RoutePolicy settings = this.policies.check(Map.of("policy", "ip-hash", "hashBalanceFactor", 1.5, "queueTimeout",
				"0s", "maxInFlight", 2, "retryBudget", 12.5));
		JsonMapper json = JsonMapper.builder().build();

		Map<String, Object> shown = json.readValue(json.writeValueAsString(settings), Map.class);

		assertThat(this.policies.check(shown)).isEqualTo(settings);
	}

	@Test
	void shouldBeReadBackByAClientOfTheAdminApi() {
		RoutePolicy settings = this.policies.check(Map.of("policy", "consistent-hash", "slowStart", "30s",
				"maxInFlight", 3, "queueTimeout", "1s", "hedge", "p99.5", "hashBalanceFactor", 2));
		JsonMapper json = JsonMapper.builder().build();

		RoutePolicy read = json.readValue(json.writeValueAsString(settings), RoutePolicy.class);

		assertThat(read).isEqualTo(settings);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			slowStart         | "soon"   | slowStart must be a duration
			slowStart         | "0s"     | slowStart must be a duration
			slowStart         | 30       | slowStart must be a duration
			maxInFlight       | 0        | maxInFlight must be a whole number
			maxInFlight       | 2.5      | maxInFlight must be a whole number
			maxInFlight       | "8"      | maxInFlight must be a whole number
			adaptiveLimit     | "yes"    | adaptiveLimit must be true or false
			retryBudget       | 101      | retryBudget must be a number
			retryBudget       | -1       | retryBudget must be a number
			hedge             | "p100"   | hedge must be a percentile
			hedge             | "p5"     | hedge must be a percentile
			hedge             | "-5ms"   | hedge must be a percentile
			hashBalanceFactor | 1.0      | hashBalanceFactor must be a number above 1.0
			zoneAware         | 1        | zoneAware must be true or false
			""")
	void shouldRejectAValueItCannotUseNamingTheSetting(String setting, String value, String message) {
		Map<String, Object> fields = new HashMap<>();
		fields.put("policy", "consistent-hash");
		fields.put("maxInFlight", 4);
		fields.put(setting, JsonMapper.builder().build().readValue(value, Object.class));

		assertThatExceptionOfType(InvalidRouteSettingException.class).isThrownBy(() -> this.policies.check(fields))
			.withMessageStartingWith(message)
			.satisfies((ex) -> assertThat(ex.getSetting()).isEqualTo(setting));
	}

	@Test
	void shouldRejectAnUnknownSettingNamingIt() {
		assertThatExceptionOfType(InvalidRouteSettingException.class)
			.isThrownBy(() -> this.policies.check(Map.of("policy", "random", "maxInflight", 4)))
			.withMessageContaining("'maxInflight'")
			.withMessageContaining("maxInFlight")
			.satisfies((ex) -> assertThat(ex.getSetting()).isEqualTo("maxInflight"));
	}

	@Test
	void shouldRejectAQueueWithoutACap() {
		assertThatExceptionOfType(InvalidRouteSettingException.class)
			.isThrownBy(() -> this.policies.check(Map.of("policy", "random", "queueTimeout", "1s")))
			.satisfies((ex) -> assertThat(ex.getSetting()).isEqualTo("queueTimeout"));
	}

	@Test
	void shouldRejectABalanceFactorForAPolicyThatDoesNotHash() {
		assertThatExceptionOfType(InvalidRouteSettingException.class)
			.isThrownBy(() -> this.policies.check(Map.of("policy", "round-robin", "hashBalanceFactor", 1.25)))
			.withMessageContaining("round-robin")
			.satisfies((ex) -> assertThat(ex.getSetting()).isEqualTo("hashBalanceFactor"));
	}

	@Test
	void shouldNameThePolicyWhenItIsUnknown() {
		assertThatExceptionOfType(InvalidRouteSettingException.class)
			.isThrownBy(() -> this.policies.check(Map.of("policy", "fastest")))
			.withMessageContaining("round-robin")
			.satisfies((ex) -> assertThat(ex.getSetting()).isEqualTo("policy"));
	}

}
