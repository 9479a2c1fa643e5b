package dev.switchyard.gateway.balancer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the gateway balances: the policy of each route and the settings of the policies
 * that need some.
 *
 * @param defaultPolicy the policy of a route that names none
 * @param routes the policy and hash key of each route, by route id
 * @param sticky the {@code sticky-cookie} policy's settings
 * @param ewma the latency statistics' settings
 * @param ejection when a failing instance is ejected, and for how long
 * @param trustedProxies addresses or CIDR blocks of proxies whose {@code X-Forwarded-For}
 * {@code ip-hash} believes
 */
@Validated
@ConfigurationProperties("gateway.balancer")
public record BalancerProperties(@NotBlank @DefaultValue("round-robin") String defaultPolicy,
		@DefaultValue Map<String, Route> routes, @Valid @NotNull @DefaultValue Sticky sticky,
		@Valid @NotNull @DefaultValue Ewma ewma, @Valid @NotNull @DefaultValue Ejection ejection,
		@DefaultValue List<String> trustedProxies) {

	/**
	 * A route's balancing.
	 *
	 * @param policy the policy's name, the default policy when empty
	 * @param hashKey what {@code consistent-hash} hashes: {@code uri},
	 * {@code header:NAME}, {@code cookie:NAME} or {@code query:NAME}
	 */
	public record Route(String policy, String hashKey) {

	}

	/**
	 * The {@code sticky-cookie} policy's settings.
	 *
	 * @param secrets the keys of {@code SY_NODE} cookies ({@code GATEWAY_STICKY_SECRETS},
	 * comma-separated): the first signs, all verify, so that a key can be rotated by
	 * putting the new one first; every gateway of a cluster gets the same list
	 * @param secret a single key, used when {@code secrets} is empty; with neither, a
	 * random key per process (refused with the {@code prod} profile), so cookies do not
	 * survive a restart or reach another gateway
	 */
	public record Sticky(@DefaultValue List<String> secrets, String secret) {

		public Sticky {
			secrets = (secrets != null) ? List.copyOf(secrets) : List.of();
		}

		/**
		 * Return the configured keys, the signing one first.
		 * @return the keys, empty when none is configured
		 */
		public List<String> keys() {
			List<String> keys = this.secrets.stream().map(String::trim).filter((key) -> !key.isEmpty()).toList();
			if (keys.isEmpty() && this.secret != null && !this.secret.isEmpty()) {
				return List.of(this.secret);
			}
			return keys;
		}

		@Override
		public String toString() {
			// the keys are secrets: a logged or printed record must not show them
			return "Sticky[secret=" + (keys().isEmpty() ? "" : "******") + "]";
		}

	}

	/**
	 * The latency statistics' settings.
	 *
	 * @param decay the time constant of the peak EWMA: how fast a past latency is
	 * forgotten
	 */
	public record Ewma(@NotNull @DefaultValue("10s") Duration decay) {

	}

	/**
	 * Passive ejection of failing instances, as nginx's {@code max_fails} and Envoy's
	 * outlier detection; never more than half of a service's instances are ejected.
	 *
	 * @param consecutiveFailures the consecutive failures (no connection, broken
	 * connection, response timeout or one of the {@code statuses}) that eject an instance
	 * @param baseTime the first ejection's length, multiplied by the number of ejections
	 * @param maxTime the longest ejection
	 * @param statuses the answers that count as failures of the instance: as Envoy's
	 * {@code consecutive_5xx}, every server error except 501 and 505, which are about the
	 * request rather than the instance
	 */
	public record Ejection(@Min(1) @DefaultValue("5") int consecutiveFailures,
			@NotNull @DefaultValue("10s") Duration baseTime, @NotNull @DefaultValue("5m") Duration maxTime,
			@NotNull @DefaultValue( {
					"500", "502", "503", "504" }) Set<Integer> statuses){

	}

}
