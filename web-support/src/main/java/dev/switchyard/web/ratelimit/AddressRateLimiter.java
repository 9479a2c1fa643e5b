package dev.switchyard.web.ratelimit;

import java.time.Duration;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.TimeMeter;

/**
 * Token buckets per client address (Bucket4j's): one that every request takes from, and a
 * stricter one that only failed authentications take from (the admin API's). A request
 * may also take more than one token, such as the milliseconds of CPU it asks for. While
 * an address has no failed authentication left, all its admin requests are refused, with
 * the right token too, so that guessing the token is as slow as the bucket refills. An
 * address's buckets are forgotten once they would be full again, so the table holds only
 * recently active addresses.
 */
public class AddressRateLimiter {

	private final RateLimits properties;

	private final TimeMeter time;

	private final Cache<String, Bucket> requests;

	private final Cache<String, Bucket> failures;

	/**
	 * Create the limiter.
	 * @param properties the limits
	 */
	public AddressRateLimiter(RateLimits properties) {
		this(properties, TimeMeter.SYSTEM_NANOTIME);
	}

	/**
	 * Create the limiter on a time source of its own, for tests.
	 * @param properties the limits
	 * @param time the time source
	 */
	public AddressRateLimiter(RateLimits properties, TimeMeter time) {
		this.properties = properties;
		this.time = time;
		this.requests = table(refillTime(properties.burst(), properties.requestsPerSecond(), Duration.ofSeconds(1)));
		this.failures = table(
				refillTime(properties.failedAuthBurst(), properties.failedAuthPerMinute(), Duration.ofMinutes(1)));
	}

	/**
	 * Take a request's token from the client's bucket.
	 * @param client the client's address
	 * @return how long the client should wait, if the request is refused
	 */
	public Optional<Duration> tryAcquire(String client) {
		return tryAcquire(client, 1);
	}

	/**
	 * Take tokens from the client's bucket, at most as many as it holds when full.
	 * @param client the client's address
	 * @param tokens how many tokens the request costs, at least 1
	 * @return how long the client should wait, if the request is refused
	 */
	public Optional<Duration> tryAcquire(String client, long tokens) {
		if (!this.properties.enabled()) {
			return Optional.empty();
		}
		Bucket failed = this.failures.getIfPresent(client);
		if (failed != null) {
			EstimationProbe left = failed.estimateAbilityToConsume(1);
			if (!left.canBeConsumed()) {
				return Optional.of(retryAfter(left.getNanosToWaitForRefill()));
			}
		}
		long cost = Math.clamp(tokens, 1, this.properties.burst());
		ConsumptionProbe probe = this.requests.get(client, (key) -> requestBucket()).tryConsumeAndReturnRemaining(cost);
		return probe.isConsumed() ? Optional.empty() : Optional.of(retryAfter(probe.getNanosToWaitForRefill()));
	}

	/**
	 * Count a failed authentication of the client.
	 * @param client the client's address
	 */
	public void recordFailedAuthentication(String client) {
		if (this.properties.enabled()) {
			this.failures.get(client, (key) -> failureBucket()).tryConsume(1);
		}
	}

	private Bucket requestBucket() {
		return bucket(this.properties.burst(), this.properties.requestsPerSecond(), Duration.ofSeconds(1));
	}

	private Bucket failureBucket() {
		return bucket(this.properties.failedAuthBurst(), this.properties.failedAuthPerMinute(), Duration.ofMinutes(1));
	}

	private Bucket bucket(int capacity, int tokens, Duration period) {
		Bandwidth limit = Bandwidth.builder().capacity(capacity).refillGreedy(tokens, period).build();
		return Bucket.builder().addLimit(limit).withCustomTimePrecision(this.time).build();
	}

	private <V> Cache<String, V> table(Duration forgetAfter) {
		return Caffeine.newBuilder().maximumSize(this.properties.maxClients()).expireAfterAccess(forgetAfter).build();
	}

	private static Duration refillTime(int capacity, int tokens, Duration period) {
		return period.multipliedBy(capacity).dividedBy(tokens).plusSeconds(1);
	}

	private static Duration retryAfter(long nanos) {
		// whole seconds for Retry-After, rounded up, at least one
		return Duration.ofSeconds(Math.max(1, Math.ceilDiv(nanos, 1_000_000_000L)));
	}

}
