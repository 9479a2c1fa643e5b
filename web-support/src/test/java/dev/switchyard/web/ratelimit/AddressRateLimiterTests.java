package dev.switchyard.web.ratelimit;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.bucket4j.TimeMeter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AddressRateLimiterTests {

	private final ManualTime time = new ManualTime();

	private final AddressRateLimiter limiter = new AddressRateLimiter(new RateLimits(true, 20, 40, 10, 10, 1000),
			this.time);

	@Test
	void shouldLetABurstThroughThenRefuseWithRetryAfter() {
		int admitted = admitted("10.0.0.1", 100);

		Optional<Duration> refused = this.limiter.tryAcquire("10.0.0.1");

		assertThat(admitted).isEqualTo(40);
		assertThat(refused).hasValue(Duration.ofSeconds(1));
	}

	@Test
	void shouldRefillAtTheConfiguredRate() {
		admitted("10.0.0.1", 40);

		this.time.advance(Duration.ofMillis(500));

		assertThat(admitted("10.0.0.1", 100)).isEqualTo(10);
		this.time.advance(Duration.ofSeconds(10));
		assertThat(admitted("10.0.0.1", 100)).as("never more than the burst").isEqualTo(40);
	}

	@Test
	void shouldTakeAsManyTokensAsARequestCostsAndNeverMoreThanTheBurst() {
		Optional<Duration> costly = this.limiter.tryAcquire("10.0.0.1", 30);
		Optional<Duration> tooCostly = this.limiter.tryAcquire("10.0.0.1", 30);
		Optional<Duration> cheap = this.limiter.tryAcquire("10.0.0.1", 10);

		this.time.advance(Duration.ofSeconds(2));
		Optional<Duration> beyondTheBurst = this.limiter.tryAcquire("10.0.0.1", 1_000_000);

		assertThat(costly).isEmpty();
		assertThat(tooCostly).hasValue(Duration.ofSeconds(1));
		assertThat(cheap).isEmpty();
		assertThat(beyondTheBurst).as("costs the whole burst, so it can pass once the bucket is full").isEmpty();
		assertThat(this.limiter.tryAcquire("10.0.0.1")).isPresent();
	}

	@Test
	void shouldKeepABucketPerAddress() {
		admitted("10.0.0.1", 40);

		int other = admitted("10.0.0.2", 100);

		assertThat(this.limiter.tryAcquire("10.0.0.1")).isPresent();
		assertThat(other).isEqualTo(40);
	}

	@Test
	void shouldRefuseEveryRequestOfAnAddressOnceItsFailedAuthenticationsAreUsedUp() {
		for (int i = 0; i < 10; i++) {
			assertThat(this.limiter.tryAcquire("10.0.0.1")).isEmpty();
			this.limiter.recordFailedAuthentication("10.0.0.1");
		}

		Optional<Duration> refused = this.limiter.tryAcquire("10.0.0.1");

		assertThat(refused).as("one failure refills every 6 s").hasValue(Duration.ofSeconds(6));
		assertThat(this.limiter.tryAcquire("10.0.0.2")).isEmpty();
		this.time.advance(Duration.ofSeconds(6));
		assertThat(this.limiter.tryAcquire("10.0.0.1")).isEmpty();
	}

	@Test
	void shouldSlowGuessingToTheFailureRate() {
		int guesses = 0;
		for (int second = 0; second < 600; second++) {
			for (int i = 0; i < 20; i++) {
				if (this.limiter.tryAcquire("10.0.0.1").isEmpty()) {
					this.limiter.recordFailedAuthentication("10.0.0.1");
					guesses++;
				}
			}
			this.time.advance(Duration.ofSeconds(1));
		}

		assertThat(guesses).as("10 at once, then 10 a minute for 10 minutes").isBetween(100, 111);
	}

	@Test
	void shouldLetEverythingThroughWhenDisabled() {
		AddressRateLimiter disabled = new AddressRateLimiter(new RateLimits(false, 1, 1, 1, 1, 10), this.time);
		disabled.recordFailedAuthentication("10.0.0.1");

		assertThat(disabled.tryAcquire("10.0.0.1")).isEmpty();
		assertThat(disabled.tryAcquire("10.0.0.1")).isEmpty();
	}

	private int admitted(String client, int requests) {
		int admitted = 0;
		for (int i = 0; i < requests; i++) {
			if (this.limiter.tryAcquire(client).isEmpty()) {
				admitted++;
			}
		}
		return admitted;
	}

	static final class ManualTime implements TimeMeter {

		private final AtomicLong nanos = new AtomicLong(TimeUnit.HOURS.toNanos(1));

		void advance(Duration duration) {
			this.nanos.addAndGet(duration.toNanos());
		}

		@Override
		public long currentTimeNanos() {
			return this.nanos.get();
		}

		@Override
		public boolean isWallClockBased() {
			return false;
		}

	}

}
