package dev.switchyard.gateway.balancer;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.jspecify.annotations.Nullable;

/**
 * The balancing of one route, as the admin API takes and shows it and as the route
 * settings store keeps it: the policy and the settings beyond it, each {@code null} when
 * off. {@link RoutePolicies#check(Map)} is the one place that parses and validates them.
 *
 * @param policy the policy's name
 * @param hashKey the hash key of a hashing policy, {@code null} otherwise
 * @param slowStart the window over which a new or returning instance's share ramps up
 * @param maxInFlight the most requests in flight to one instance
 * @param queueTimeout how long a request waits for a free slot when every candidate is at
 * {@code maxInFlight}
 * @param adaptiveLimit whether a concurrency limit that follows latency sheds the excess
 * @param retryBudget the percent of requests that may be retries
 * @param hedge {@code pNN} or a duration: when an idempotent request gets a second
 * attempt
 * @param hashBalanceFactor bounded-load hashing: no instance above this factor times the
 * average in flight
 * @param zoneAware whether instances of the gateway's own zone are preferred
 */
public record RoutePolicy(String policy, @Nullable String hashKey, @Nullable Duration slowStart,
		@Nullable Integer maxInFlight, @Nullable Duration queueTimeout, @Nullable Boolean adaptiveLimit,
		@Nullable Double retryBudget, @Nullable String hedge, @Nullable Double hashBalanceFactor,
		@Nullable Boolean zoneAware) {

	/**
	 * Create the balancing of a route with only a policy.
	 * @param policy the policy's name
	 * @param hashKey the hash key of a hashing policy, {@code null} otherwise
	 */
	public RoutePolicy(String policy, @Nullable String hashKey) {
		this(policy, hashKey, null, null, null, null, null, null, null, null);
	}

	/**
	 * Read settings in the form {@link #toMap()} writes them, without validating them
	 * (that is {@link RoutePolicies#check(Map)}'s job): for clients of the admin API.
	 * @param map the settings by name
	 * @return the settings
	 */
	@JsonCreator(mode = JsonCreator.Mode.DELEGATING)
	public static RoutePolicy fromMap(Map<String, @Nullable Object> map) {
		return new RoutePolicy(String.valueOf(map.get(RouteSettingValues.POLICY)),
				(String) map.get(RouteSettingValues.HASH_KEY), duration(map.get(RouteSettingValues.SLOW_START)),
				(map.get(RouteSettingValues.MAX_IN_FLIGHT) instanceof Number max) ? max.intValue() : null,
				duration(map.get(RouteSettingValues.QUEUE_TIMEOUT)),
				(Boolean) map.get(RouteSettingValues.ADAPTIVE_LIMIT),
				(map.get(RouteSettingValues.RETRY_BUDGET) instanceof Number budget) ? budget.doubleValue() : null,
				(String) map.get(RouteSettingValues.HEDGE),
				(map.get(RouteSettingValues.HASH_BALANCE_FACTOR) instanceof Number factor) ? factor.doubleValue()
						: null,
				(Boolean) map.get(RouteSettingValues.ZONE_AWARE));
	}

	private static @Nullable Duration duration(@Nullable Object value) {
		return (value instanceof String text) ? RouteSettingValues.parseDuration(text) : null;
	}

	/**
	 * Return whether the route has an adaptive concurrency limit.
	 * @return {@code true} if {@code adaptiveLimit} is on
	 */
	public boolean isAdaptiveLimit() {
		return Boolean.TRUE.equals(this.adaptiveLimit);
	}

	/**
	 * Return whether the route prefers the gateway's own zone.
	 * @return {@code true} if {@code zoneAware} is on
	 */
	public boolean isZoneAware() {
		return Boolean.TRUE.equals(this.zoneAware);
	}

	/**
	 * Return the fixed delay of {@code hedge}.
	 * @return the delay, or {@code null} if off or a percentile
	 */
	public @Nullable Duration hedgeDelay() {
		return (this.hedge != null && !isPercentile(this.hedge)) ? RouteSettingValues.parseDuration(this.hedge) : null;
	}

	/**
	 * Return the percentile of {@code hedge}, such as {@code 95.0} for {@code "p95"}.
	 * @return the percentile, or {@code null} if off or a fixed delay
	 */
	public @Nullable Double hedgePercentile() {
		return (this.hedge != null && isPercentile(this.hedge)) ? Double.valueOf(this.hedge.substring(1)) : null;
	}

	private static boolean isPercentile(String hedge) {
		return hedge.startsWith("p");
	}

	/**
	 * Return the settings as JSON shows them: durations as {@code "30s"}, every key
	 * present, {@code null} when off.
	 * @return the settings by name, in the contract's order
	 */
	@JsonValue
	public Map<String, @Nullable Object> toMap() {
		Map<String, @Nullable Object> map = new LinkedHashMap<>();
		map.put(RouteSettingValues.POLICY, this.policy);
		map.put(RouteSettingValues.HASH_KEY, this.hashKey);
		map.put(RouteSettingValues.SLOW_START, RouteSettingValues.format(this.slowStart));
		map.put(RouteSettingValues.MAX_IN_FLIGHT, this.maxInFlight);
		map.put(RouteSettingValues.QUEUE_TIMEOUT, RouteSettingValues.format(this.queueTimeout));
		map.put(RouteSettingValues.ADAPTIVE_LIMIT, this.adaptiveLimit);
		map.put(RouteSettingValues.RETRY_BUDGET, this.retryBudget);
		map.put(RouteSettingValues.HEDGE, this.hedge);
		map.put(RouteSettingValues.HASH_BALANCE_FACTOR, this.hashBalanceFactor);
		map.put(RouteSettingValues.ZONE_AWARE, this.zoneAware);
		return map;
	}

}
