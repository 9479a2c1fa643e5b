package dev.switchyard.gateway.settings;

import dev.switchyard.gateway.balancer.RoutePolicy;

/**
 * Keeps the settings of each route and puts them in force on this gateway.
 */
public interface RouteSettingsStore {

	/**
	 * Save a route's settings; they are in force on this gateway when this returns.
	 * @param routeId the route
	 * @param settings settings checked by {@code RoutePolicies.check}
	 * @return the settings in force
	 * @throws RouteSettingsUnavailableException if the store cannot be written; nothing
	 * changed then
	 */
	RoutePolicy save(String routeId, RoutePolicy settings);

}
