package dev.switchyard.gateway.balancer.attempt;

import org.jspecify.annotations.Nullable;

/**
 * The route settings the attempt stages read on every request.
 * <p>
 * A route's own {@code retryBudget} and {@code hedge}, as {@code PUT
 * /admin/lb/routes/{routeId}} sets them; where a route sets none, the configured
 * {@code gateway.retry.budget.percent} and {@code gateway.retry.hedge}.
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
