package dev.switchyard.gateway.balancer.attempt;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A route's latency percentiles over a sliding window, on a clock the test moves.
 */
class LatencyWindowTests {

	private final AtomicLong clock = new AtomicLong(1_000_000_000L);

	private final LatencyWindow window = new LatencyWindow(Duration.ofSeconds(10), this.clock::get);

	@Test
	void shouldTellThePercentileWithinTenPercent() {
		for (int i = 1; i <= 1000; i++) {
			this.window.record(i * 100_000L);
		}

		double p95 = this.window.percentileNanos(95, 20) / 1e6;
		double p50 = this.window.percentileNanos(50, 20) / 1e6;

		assertThat(p95).isCloseTo(95.0, within(9.5));
		assertThat(p95).isGreaterThanOrEqualTo(95.0);
		assertThat(p50).isCloseTo(50.0, within(5.0));
	}

	@Test
	void shouldNotTellWithFewerSamplesThanAsked() {
		for (int i = 0; i < 19; i++) {
			this.window.record(5_000_000L);
		}

		assertThat(this.window.percentileNanos(95, 20)).isEqualTo(-1);
	}

	@Test
	void shouldForgetLatenciesOlderThanTheWindow() {
		for (int i = 0; i < 100; i++) {
			this.window.record(200_000_000L);
		}
		this.clock.addAndGet(Duration.ofSeconds(6).toNanos());
		for (int i = 0; i < 100; i++) {
			this.window.record(2_000_000L);
		}
		long both = this.window.percentileNanos(95, 20);

		this.clock.addAndGet(Duration.ofSeconds(6).toNanos());
		long recentOnly = this.window.percentileNanos(95, 20);

		assertThat(both).isGreaterThan(180_000_000L);
		assertThat(recentOnly).isBetween(2_000_000L, 2_200_000L);
	}

}
