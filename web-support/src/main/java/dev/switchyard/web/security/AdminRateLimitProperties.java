package dev.switchyard.web.security;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import dev.switchyard.web.ratelimit.RateLimits;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The rate limits of the requests a bearer token protects, per client address: a token
 * bucket for every protected request and a stricter one for failed authentications. Each
 * application binds it under its own prefix, as a nested property of its own record
 * ({@code gateway.admin.rate-limit.*}, {@code node.admin.rate-limit.*},
 * {@code registry.security.rate-limit.*}). The defaults are far above what the console
 * and {@code bin/cluster} send to an admin API, and far below what guessing a token
 * needs.
 *
 * @param enabled whether protected requests are rate limited at all
 * @param requestsPerSecond the requests per second an address may send on average
 * @param burst the requests an address may send at once
 * @param failedAuthPerMinute the failed authentications per minute an address may make on
 * average; once it has used them up, every protected request from it answers 429 until
 * one refills
 * @param failedAuthBurst the failed authentications an address may make at once
 * @param maxClients how many addresses are tracked at most; the least recently seen are
 * forgotten first
 */
public record AdminRateLimitProperties(@DefaultValue("true") boolean enabled,
		@Min(1) @Max(1_000_000) @DefaultValue("20") int requestsPerSecond,
		@Min(1) @Max(1_000_000) @DefaultValue("40") int burst,
		@Min(1) @Max(10_000) @DefaultValue("10") int failedAuthPerMinute,
		@Min(1) @Max(10_000) @DefaultValue("10") int failedAuthBurst,
		@Min(1) @Max(10_000_000) @DefaultValue("100000") int maxClients) {

	/**
	 * Return these limits for the rate limiter.
	 * @return the limits
	 */
	public RateLimits toLimits() {
		return new RateLimits(this.enabled, this.requestsPerSecond, this.burst, this.failedAuthPerMinute,
				this.failedAuthBurst, this.maxClients);
	}

}
