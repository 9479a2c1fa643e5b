package dev.switchyard.gateway.balancer.stats;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.switchyard.gateway.balancer.policy.TestInstances;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ejection by success rate against the other instances, on a clock the test moves; the
 * consecutive failures are set out of reach so that only the success rate ejects.
 */
class SuccessRateOutliersTests {

	private final AtomicLong clock = new AtomicLong(1_000_000_000L);

	private final BalancerStatistics statistics = new BalancerStatistics(Duration.ofSeconds(10), 1000,
			Duration.ofSeconds(30), Duration.ofMinutes(5), Set.of(500, 502, 503, 504),
			new SuccessRateOutliers(Duration.ofSeconds(10), 100, 3, 1.9), this.clock::get);

	@Test
	void shouldEjectTheInstanceWhoseSuccessRateIsFarBelowTheOthers() {
		answer("a", 200, 0.0);
		answer("b", 200, 0.01);
		answer("c", 200, 0.02);
		answer("d", 200, 0.30);

		nextInterval();

		assertThat(stats("d").isEjected()).isTrue();
		assertThat(stats("d").successRateEjectionCount()).isEqualTo(1);
		assertThat(stats("a").isEjected()).isFalse();
		assertThat(stats("b").isEjected()).isFalse();
		assertThat(stats("c").isEjected()).isFalse();
	}

	@Test
	void shouldNotEjectForAFailureAmongInstancesThatAllAnswer() {
		answer("a", 200, 0.0);
		answer("b", 200, 0.0);
		answer("c", 200, 0.02);

		nextInterval();

		assertThat(stats("c").isEjected()).isFalse();
	}

	@Test
	void shouldNotJudgeAnInstanceWithTooFewRequests() {
		answer("a", 200, 0.0);
		answer("b", 200, 0.0);
		answer("c", 99, 1.0);

		nextInterval();

		assertThat(stats("c").isEjected()).isFalse();
		assertThat(stats("c").failures()).isEqualTo(99);
	}

	@Test
	void shouldNotCompareFewerInstancesThanTheMinimum() {
		answer("a", 200, 0.0);
		answer("b", 200, 1.0);

		nextInterval();

		assertThat(stats("b").isEjected()).isFalse();
	}

	@Test
	void shouldNeverEjectMoreThanHalfTheInstances() {
		// without the spread, every instance 5 points below the others' mean is an
		// outlier
		BalancerStatistics strict = new BalancerStatistics(Duration.ofSeconds(10), 1000, Duration.ofSeconds(30),
				Duration.ofMinutes(5), Set.of(500, 502, 503, 504),
				new SuccessRateOutliers(Duration.ofSeconds(10), 100, 3, 0), this.clock::get);
		answer(strict, "a", 200, 0.0);
		answer(strict, "b", 200, 0.1);
		answer(strict, "c", 200, 0.2);
		answer(strict, "d", 200, 0.3);

		this.clock.addAndGet(Duration.ofSeconds(11).toNanos());
		answer(strict, "a", 1, 0.0);

		assertThat(strict.of("node-service", "d").isEjected()).isTrue();
		assertThat(strict.of("node-service", "c").isEjected()).isTrue();
		assertThat(strict.of("node-service", "b").isEjected()).isFalse();
		assertThat(strict.all()).filteredOn(InstanceStats::isEjected).hasSize(2);
	}

	@Test
	void shouldCompareOncePerIntervalOverThatIntervalOnly() {
		answer("a", 200, 0.0);
		answer("b", 200, 0.0);
		answer("c", 200, 0.5);
		this.clock.addAndGet(Duration.ofSeconds(5).toNanos());
		answer("a", 1, 0.0);
		boolean beforeTheInterval = stats("c").isEjected();

		this.clock.addAndGet(Duration.ofSeconds(6).toNanos());
		answer("a", 1, 0.0);
		boolean afterIt = stats("c").isEjected();

		assertThat(beforeTheInterval).isFalse();
		assertThat(afterIt).isTrue();
	}

	private void nextInterval() {
		this.clock.addAndGet(Duration.ofSeconds(11).toNanos());
		answer("a", 1, 0.0);
	}

	private void answer(String instanceId, int requests, double failureRate) {
		answer(this.statistics, instanceId, requests, failureRate);
	}

	private static void answer(BalancerStatistics statistics, String instanceId, int requests, double failureRate) {
		int failures = (int) Math.round(requests * failureRate);
		for (int i = 0; i < requests; i++) {
			UpstreamCall call = statistics.begin(TestInstances.up(instanceId));
			call.responded((i < failures) ? 503 : 200);
			call.close();
		}
	}

	private InstanceStats stats(String instanceId) {
		return this.statistics.of("node-service", instanceId);
	}

}
