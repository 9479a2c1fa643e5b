package dev.switchyard.gateway.settings;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.switchyard.gateway.balancer.BalancerProperties;
import dev.switchyard.gateway.balancer.RoutePolicies;
import dev.switchyard.gateway.balancer.RoutePolicy;
import dev.switchyard.gateway.balancer.policy.PolicyCatalog;
import dev.switchyard.gateway.balancer.stats.BalancerStatistics;
import dev.switchyard.registry.client.KeyValueEntry;
import dev.switchyard.registry.client.RegistryClient;
import dev.switchyard.registry.client.RegistryClientProperties;
import dev.switchyard.test.FreePorts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What a gateway does with what the registry's store holds, and when it cannot reach it;
 * two gateways on one real registry are in the e2e module's
 * {@code SharedRouteSettingsTests}.
 */
class RegistryRouteSettingsStoreTests {

	private static final String PREFIX = "switchyard/gateway/routes/";

	private final AtomicLong clock = new AtomicLong();

	private final RoutePolicies policies = new RoutePolicies(
			new BalancerProperties("round-robin", Map.of("api", new BalancerProperties.Route("ewma", null)),
					new BalancerProperties.Sticky(List.of(), null), new BalancerProperties.Ewma(Duration.ofSeconds(10)),
					new BalancerProperties.Ejection(5, Duration.ofSeconds(10), Duration.ofMinutes(5),
							Set.of(500, 502, 503, 504)),
					List.of()),
			new PolicyCatalog(BalancerStatistics.withDefaults(this.clock::get),
					"key".getBytes(StandardCharsets.UTF_8)));

	/** A registry nobody listens for: every call fails to connect. */
	private final RegistryClient unreachable = new RegistryClient(URI.create("http://127.0.0.1:" + FreePorts.find()),
			"token", HttpClient.newHttpClient(), JsonMapper.builder().build());

	private final RegistryRouteSettingsStore store = new RegistryRouteSettingsStore(this.policies,
			() -> this.unreachable,
			new RouteSettingsProperties(RouteSettingsProperties.Store.REGISTRY, PREFIX, Duration.ofMillis(100),
					Duration.ofMillis(100)),
			new RegistryClientProperties.Discovery(Duration.ofSeconds(1), Duration.ofMillis(200), Duration.ofSeconds(1),
					Duration.ofSeconds(10), Duration.ofSeconds(10)),
			JsonMapper.builder().build());

	@Test
	void shouldApplyWhatTheStoreHoldsForEachRoute() {
		this.store.apply(List.of(entry("api", "{\"policy\":\"consistent-hash\",\"hashKey\":\"header:X-User\"}", 7),
				entry("other", "{\"policy\":\"p2c\"}", 8)));

		assertThat(this.policies.get("api")).isEqualTo(new RoutePolicy("consistent-hash", "header:X-User"));
		assertThat(this.policies.get("other")).isEqualTo(new RoutePolicy("p2c", null));
	}

	@Test
	void shouldApplyTheSettingsBeyondThePolicyAsTheAdminApiWritesThem() {
		RoutePolicy written = this.policies.check(Map.of("policy", "consistent-hash", "slowStart", "30s", "maxInFlight",
				8, "queueTimeout", "200ms", "hashBalanceFactor", 1.25, "zoneAware", true));

		this.store.apply(List.of(entry("api", JsonMapper.builder().build().writeValueAsString(written), 7)));

		assertThat(this.policies.get("api")).isEqualTo(written);
		assertThat(this.policies.get("api").slowStart()).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void shouldKeepTheSettingsInForceWhenAStoredValueIsUnusable() {
		this.store.apply(List.of(entry("api", "{\"policy\":\"p2c\"}", 7)));

		this.store.apply(List.of(entry("api", "{\"policy\":\"fastest\"}", 9)));
		this.store.apply(List.of(entry("api", "not json", 10)));

		assertThat(this.policies.get("api")).isEqualTo(new RoutePolicy("p2c", null));
	}

	@Test
	void shouldRefuseASwitchAndChangeNothingWhileTheRegistryIsDown() {
		this.store.apply(List.of(entry("api", "{\"policy\":\"p2c\"}", 7)));

		assertThatExceptionOfType(RouteSettingsUnavailableException.class)
			.isThrownBy(() -> this.store.save("api", this.policies.check("random", null)))
			.satisfies((ex) -> assertThat(ex.getStatusCode().value()).isEqualTo(503))
			.satisfies((ex) -> assertThat(ex.getBody().getDetail()).contains("nothing changed"));
		assertThat(this.policies.get("api")).isEqualTo(new RoutePolicy("p2c", null));
	}

	@Test
	void shouldKeepTheLastSettingsWhenTheRegistryCannotBeReachedAtStartup() {
		this.store.apply(List.of(entry("api", "{\"policy\":\"p2c\"}", 7)));

		this.store.start();
		try {
			assertThat(this.store.isRunning()).isTrue();
			assertThat(this.policies.get("api")).isEqualTo(new RoutePolicy("p2c", null));
		}
		finally {
			this.store.stop();
		}
	}

	@Test
	void shouldIgnoreKeysBelowARoute() {
		this.store.apply(List.of(entry("api/extra", "{\"policy\":\"p2c\"}", 7)));

		assertThat(this.policies.get("api")).isEqualTo(new RoutePolicy("ewma", null));
	}

	private static KeyValueEntry entry(String routeId, String value, long index) {
		return new KeyValueEntry(PREFIX + routeId, value, index, index);
	}

}
