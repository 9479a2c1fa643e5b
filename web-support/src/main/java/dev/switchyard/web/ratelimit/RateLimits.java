package dev.switchyard.web.ratelimit;

/**
 * The limits of an {@link AddressRateLimiter}; each application binds its own, under its
 * own prefix and with its own defaults.
 *
 * @param enabled whether requests are limited at all
 * @param requestsPerSecond the requests per second an address may send on average
 * @param burst the requests an address may send at once
 * @param failedAuthPerMinute the failed authentications per minute an address may make on
 * average
 * @param failedAuthBurst the failed authentications an address may make at once
 * @param maxClients how many addresses are tracked at most
 */
public record RateLimits(boolean enabled, int requestsPerSecond, int burst, int failedAuthPerMinute,
		int failedAuthBurst, int maxClients) {

	public RateLimits {
		if (requestsPerSecond < 1 || burst < 1 || failedAuthPerMinute < 1 || failedAuthBurst < 1 || maxClients < 1) {
			throw new IllegalArgumentException("Every rate limit must be at least 1: " + this);
		}
	}

}
