package dev.switchyard.gateway.balancer.attempt;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The {@link RetryBudget} of each route, with the percentage each route's settings give
 * it at the moment of the retry.
 */
public class RetryBudgets {

	private final AttemptSettings settings;

	private final Duration window;

	private final double minPerSecond;

	private final LongSupplier nanoClock;

	/** One per route of the configuration or the admin API: a bounded set. */
	private final Map<String, RetryBudget> budgets = new ConcurrentHashMap<>();

	/**
	 * Create the budgets.
	 * @param settings each route's budget
	 * @param window how far back requests and retries count
	 * @param minPerSecond the retries allowed per second whatever the percentage
	 * @param nanoClock the clock
	 */
	public RetryBudgets(AttemptSettings settings, Duration window, double minPerSecond, LongSupplier nanoClock) {
		this.settings = settings;
		this.window = window;
		this.minPerSecond = minPerSecond;
		this.nanoClock = nanoClock;
	}

	/**
	 * Count a client request on a route with a budget; a route without one costs nothing
	 * per request (a budget switched on starts from its floor).
	 * @param attempts the request's attempts
	 */
	public void request(Attempts attempts) {
		if (this.settings.retryBudget(attempts.routeId()) != null) {
			budget(attempts).request();
		}
	}

	/**
	 * Take a retry out of the route's budget.
	 * @param attempts the request's attempts
	 * @return whether the retry may be made: always without a budget
	 */
	public boolean tryRetry(Attempts attempts) {
		Double percent = this.settings.retryBudget(attempts.routeId());
		return percent == null || budget(attempts).tryRetry(percent);
	}

	/**
	 * Give back a retry that was not made.
	 * @param attempts the request's attempts
	 */
	public void refund(Attempts attempts) {
		if (this.settings.retryBudget(attempts.routeId()) != null) {
			budget(attempts).refund();
		}
	}

	private RetryBudget budget(Attempts attempts) {
		String key = (attempts.routeId() != null) ? attempts.routeId() : "";
		return this.budgets.computeIfAbsent(key,
				(k) -> new RetryBudget(this.window, this.minPerSecond, this.nanoClock));
	}

}
