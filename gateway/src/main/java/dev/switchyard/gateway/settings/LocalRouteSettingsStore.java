package dev.switchyard.gateway.settings;

import dev.switchyard.gateway.balancer.RoutePolicies;
import dev.switchyard.gateway.balancer.RoutePolicy;

/**
 * Route settings in this gateway's memory only ({@code gateway.settings.store=local}):
 * for a single gateway without a registry, such as tests and benchmarks; lost on a
 * restart.
 */
public class LocalRouteSettingsStore implements RouteSettingsStore {

	private final RoutePolicies policies;

	public LocalRouteSettingsStore(RoutePolicies policies) {
		this.policies = policies;
	}

	@Override
	public RoutePolicy save(String routeId, RoutePolicy settings) {
		return this.policies.apply(routeId, settings);
	}

}
