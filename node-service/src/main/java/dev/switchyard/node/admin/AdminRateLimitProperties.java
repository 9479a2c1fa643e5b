package dev.switchyard.node.admin;

import dev.switchyard.web.ratelimit.RateLimits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The rate limits of the node's own {@code /admin} endpoints, per client address: a token
 * bucket for every request and a stricter one for failed authentications. The gateway's
 * console reaches a node's {@code /admin/chaos} from the gateway's address, one request
 * per click, far below the defaults.
 *
 * @param enabled whether {@code /admin/**} is rate limited at all
 * @param requestsPerSecond the requests per second an address may send on average
 * @param burst the requests an address may send at once
 * @param failedAuthPerMinute the failed authentications per minute an address may make on
 * average; once it has used them up, every admin request from it answers 429 until one
 * refills
 * @param failedAuthBurst the failed authentications an address may make at once
 * @param maxClients how many addresses are tracked at most; the least recently seen are
 * forgotten first
 */
@Validated
@ConfigurationProperties("node.admin.rate-limit")
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
