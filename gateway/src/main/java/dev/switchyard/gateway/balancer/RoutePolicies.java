package dev.switchyard.gateway.balancer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import dev.switchyard.gateway.balancer.policy.HashKey;
import dev.switchyard.gateway.balancer.policy.PolicyCatalog;

import org.springframework.util.StringUtils;

/**
 * The policy of each route, read by the load balancer on every pick and switched at
 * runtime by the admin API: a switch applies to the next pick, without touching the
 * requests in flight.
 */
public class RoutePolicies {

	private final PolicyCatalog catalog;

	private final RoutePolicy defaults;

	private final Map<String, RoutePolicy> routes = new ConcurrentHashMap<>();

	/** The policies of the configuration, what a route returns to on {@link #reset}. */
	private final Map<String, RoutePolicy> configured;

	/**
	 * Create the route policies from configuration.
	 * @param properties the balancer properties
	 * @param catalog the policies
	 * @throws IllegalArgumentException if a configured policy or hash key is invalid
	 */
	public RoutePolicies(BalancerProperties properties, PolicyCatalog catalog) {
		this.catalog = catalog;
		this.defaults = validate(properties.defaultPolicy(), null);
		properties.routes().forEach((routeId, route) -> {
			String policy = StringUtils.hasText(route.policy()) ? route.policy() : properties.defaultPolicy();
			try {
				set(routeId, policy, route.hashKey());
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("gateway.balancer.routes." + routeId + ": " + ex.getMessage(), ex);
			}
		});
		this.configured = Map.copyOf(this.routes);
	}

	/**
	 * Return the policy of a route.
	 * @param routeId the route, or {@code null} outside a route
	 * @return the route's policy, or the default one
	 */
	public RoutePolicy get(@Nullable String routeId) {
		RoutePolicy policy = (routeId != null) ? this.routes.get(routeId) : null;
		return (policy != null) ? policy : this.defaults;
	}

	/**
	 * Switch the policy of a route.
	 * @param routeId the route
	 * @param policy the policy's name
	 * @param hashKey the hash key, {@code null} for {@code uri} with
	 * {@code consistent-hash} and none otherwise
	 * @return the route's new policy
	 * @throws IllegalArgumentException for an unknown policy (naming the valid ones) or
	 * an invalid hash key
	 */
	public RoutePolicy set(String routeId, String policy, @Nullable String hashKey) {
		return apply(routeId, check(policy, hashKey));
	}

	/**
	 * Put settings in force on a route.
	 * @param routeId the route
	 * @param settings settings as {@link #check} returns them
	 * @return the settings
	 */
	public RoutePolicy apply(String routeId, RoutePolicy settings) {
		this.routes.put(routeId, settings);
		return settings;
	}

	/**
	 * Put a route back on its configured policy, or the default one.
	 * @param routeId the route
	 * @return the route's policy now
	 */
	public RoutePolicy reset(String routeId) {
		RoutePolicy configured = this.configured.get(routeId);
		if (configured != null) {
			this.routes.put(routeId, configured);
		}
		else {
			this.routes.remove(routeId);
		}
		return get(routeId);
	}

	/**
	 * Check a route's policy and return it in the form it is applied and shown.
	 * @param policy the policy's name
	 * @param hashKey the hash key, {@code null} for {@code uri} with
	 * {@code consistent-hash} and none otherwise
	 * @return the settings
	 * @throws IllegalArgumentException for an unknown policy (naming the valid ones) or
	 * an invalid hash key
	 */
	public RoutePolicy check(@Nullable String policy, @Nullable String hashKey) {
		return validate(policy, hashKey);
	}

	/**
	 * Check a route's settings, as JSON gives them, and return them in the form they are
	 * applied and shown; an absent or {@code null} setting is off.
	 * @param fields the settings by name
	 * @return the settings
	 * @throws InvalidRouteSettingException naming a setting the gateway does not know, or
	 * one whose value it cannot use
	 */
	public RoutePolicy check(Map<String, ?> fields) {
		RouteSettingValues.rejectUnknown(fields);
		String policy = RouteSettingValues.string(fields, RouteSettingValues.POLICY);
		String hashKey = RouteSettingValues.string(fields, RouteSettingValues.HASH_KEY);
		RoutePolicy base;
		try {
			base = validate(policy, hashKey);
		}
		catch (IllegalArgumentException ex) {
			String setting = (policy == null || !this.catalog.contains(policy)) ? RouteSettingValues.POLICY
					: RouteSettingValues.HASH_KEY;
			throw new InvalidRouteSettingException(setting, ex.getMessage());
		}
		Duration slowStart = RouteSettingValues.duration(fields, RouteSettingValues.SLOW_START, false);
		Integer maxInFlight = RouteSettingValues.count(fields, RouteSettingValues.MAX_IN_FLIGHT, 1, 1_000_000);
		Duration queueTimeout = RouteSettingValues.duration(fields, RouteSettingValues.QUEUE_TIMEOUT, true);
		if (queueTimeout != null && maxInFlight == null) {
			throw new InvalidRouteSettingException(RouteSettingValues.QUEUE_TIMEOUT,
					"queueTimeout needs maxInFlight: a request queues only when every candidate is at maxInFlight");
		}
		Boolean adaptiveLimit = RouteSettingValues.bool(fields, RouteSettingValues.ADAPTIVE_LIMIT);
		Double retryBudget = RouteSettingValues.number(fields, RouteSettingValues.RETRY_BUDGET, 0, false, 100);
		String hedge = RouteSettingValues.hedge(fields);
		Double hashBalanceFactor = RouteSettingValues.number(fields, RouteSettingValues.HASH_BALANCE_FACTOR, 1, true,
				100);
		if (hashBalanceFactor != null && !PolicyCatalog.CONSISTENT_HASH.equals(policy)
				&& !PolicyCatalog.IP_HASH.equals(policy)) {
			throw new InvalidRouteSettingException(RouteSettingValues.HASH_BALANCE_FACTOR,
					"hashBalanceFactor bounds the load of a hashing policy (" + PolicyCatalog.CONSISTENT_HASH + ", "
							+ PolicyCatalog.IP_HASH + "), not of " + policy);
		}
		Boolean zoneAware = RouteSettingValues.bool(fields, RouteSettingValues.ZONE_AWARE);
		return new RoutePolicy(base.policy(), base.hashKey(), slowStart, maxInFlight, queueTimeout, adaptiveLimit,
				retryBudget, hedge, hashBalanceFactor, zoneAware);
	}

	/**
	 * Return the policies a route may use.
	 * @return the catalog of policies
	 */
	public PolicyCatalog catalog() {
		return this.catalog;
	}

	private RoutePolicy validate(@Nullable String policy, @Nullable String hashKey) {
		if (!StringUtils.hasText(policy) || !this.catalog.contains(policy)) {
			throw new IllegalArgumentException(this.catalog.unknown(String.valueOf(policy)));
		}
		String key = StringUtils.hasText(hashKey) ? HashKey.parse(hashKey).toString() : null;
		if (key == null && PolicyCatalog.CONSISTENT_HASH.equals(policy)) {
			key = HashKey.URI.toString();
		}
		return new RoutePolicy(policy, key);
	}

}
