package dev.switchyard.gateway.balancer.attempt;

import org.jspecify.annotations.Nullable;

/**
 * The route settings the attempt stages read on every request.
 * <p>
 * Kept apart from the route's policy until {@code retryBudget} and {@code hedge} are
 * among the settings {@code PUT /admin/lb/routes/{routeId}} takes; until then the
 * configured {@code gateway.retry.budget.percent} and {@code gateway.retry.hedge} apply
 * to every route.
 */
@FunctionalInterface
public interface AttemptSettings {

	/**
	 * Return a route's retry budget.
	 * @param routeId the route, {@code null} outside a route
	 * @return the percentage of requests that may be retries, {@code null} for no budget
	 */
	@Nullable Double retryBudget(@Nullable String routeId);

	/**
	 * Return a route's hedge delay.
	 * @param routeId the route, {@code null} outside a route
	 * @return the delay, {@code null} for no hedging
	 */
	default @Nullable HedgeDelay hedge(@Nullable String routeId) {
		return null;
	}

}
