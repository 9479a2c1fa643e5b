package dev.switchyard.gateway.balancer.stats;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.switchyard.gateway.balancer.policy.TestInstances;

import org.springframework.cloud.client.ServiceInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BalancerStatisticsTests {

	private final AtomicLong clock = new AtomicLong();

	private final BalancerStatistics statistics = new BalancerStatistics(Duration.ofSeconds(10), 3,
			Duration.ofSeconds(10), Duration.ofSeconds(25), Set.of(500, 502, 503, 504), this.clock::get);

	private final ServiceInstance instance = TestInstances.up("a");

	@Test
	void shouldCountACallInFlightUntilClosedOnce() {
		UpstreamCall call = this.statistics.begin(this.instance);
		int during = this.statistics.of(this.instance).inFlight();

		call.responded(200);
		int afterAnswer = this.statistics.of(this.instance).inFlight();
		call.close();
		call.close();

		assertThat(during).isEqualTo(1);
		assertThat(afterAnswer).isEqualTo(1);
		assertThat(this.statistics.of(this.instance).inFlight()).isZero();
		assertThat(this.statistics.of(this.instance).requests()).isEqualTo(1);
		assertThat(this.statistics.of(this.instance).failures()).isZero();
	}

	@Test
	void shouldCountFailuresAndServerErrors() {
		this.statistics.begin(this.instance).failed();
		UpstreamCall error = this.statistics.begin(this.instance);
		error.responded(500);
		error.close();
		UpstreamCall notFound = this.statistics.begin(this.instance);
		notFound.responded(404);
		notFound.close();

		InstanceStats stats = this.statistics.of(this.instance);

		assertThat(stats.requests()).isEqualTo(3);
		assertThat(stats.failures()).isEqualTo(2);
		assertThat(stats.inFlight()).isZero();
		assertThat(stats.isEjected()).isFalse();
	}

	@Test
	void shouldEjectAfterConsecutiveFailuresForAGrowingTime() {
		InstanceStats stats = this.statistics.of(this.instance);

		failTimes(3);
		boolean ejectedFirst = stats.isEjected();
		this.clock.addAndGet(Duration.ofSeconds(10).toNanos());
		boolean backAfterBaseTime = !stats.isEjected();
		failTimes(3);
		this.clock.addAndGet(Duration.ofSeconds(10).toNanos());
		boolean stillEjected = stats.isEjected();
		this.clock.addAndGet(Duration.ofSeconds(10).toNanos());
		boolean backAfterTwiceTheBaseTime = !stats.isEjected();

		assertThat(ejectedFirst).isTrue();
		assertThat(backAfterBaseTime).isTrue();
		assertThat(stillEjected).isTrue();
		assertThat(backAfterTwiceTheBaseTime).isTrue();
		assertThat(stats.ejectionCount()).isEqualTo(2);
	}

	@Test
	void shouldTellPicksWhileAnEjectionIsInForce() {
		boolean before = this.statistics.ejectionsInForce();

		failTimes(3);
		boolean during = this.statistics.ejectionsInForce();
		this.clock.addAndGet(Duration.ofSeconds(10).toNanos() - 1);
		boolean untilItsEnd = this.statistics.ejectionsInForce();
		this.clock.addAndGet(1);
		boolean after = this.statistics.ejectionsInForce();

		assertThat(before).isFalse();
		assertThat(during).isTrue();
		assertThat(untilItsEnd).isTrue();
		assertThat(after).isFalse();
		assertThat(this.statistics.of(this.instance).isEjected()).isFalse();
	}

	@Test
	void shouldCountEveryGoodAnswerRecordedByThreadsAtOnce() throws InterruptedException {
		InstanceStats stats = this.statistics.of(this.instance);
		List<Thread> threads = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			threads.add(Thread.ofPlatform().start(() -> {
				for (int i = 0; i < 1000; i++) {
					UpstreamCall call = this.statistics.begin(this.instance);
					call.responded(200);
					call.close();
				}
			}));
		}

		for (Thread thread : threads) {
			thread.join(10_000);
		}

		assertThat(stats.requests()).isEqualTo(4000);
		assertThat(stats.failures()).isZero();
		assertThat(stats.inFlight()).isZero();
		assertThat(stats.takeInterval()).containsExactly(4000, 0);
	}

	@Test
	void shouldNotEjectWhenSuccessesInterleave() {
		for (int i = 0; i < 10; i++) {
			failTimes(2);
			UpstreamCall call = this.statistics.begin(this.instance);
			call.responded(200);
			call.close();
		}

		assertThat(this.statistics.of(this.instance).isEjected()).isFalse();
		assertThat(this.statistics.of(this.instance).failures()).isEqualTo(20);
	}

	@Test
	void shouldCount503AsAFailureThatEjects() {
		for (int i = 0; i < 3; i++) {
			UpstreamCall call = this.statistics.begin(this.instance);
			call.responded(503);
			call.close();
		}

		assertThat(this.statistics.of(this.instance).isEjected()).isTrue();
	}

	@Test
	void shouldEjectAfterConsecutive500sButNotAfterErrorsAboutTheRequest() {
		ServiceInstance failing = TestInstances.up("failing");
		ServiceInstance picky = TestInstances.up("picky");

		for (int i = 0; i < 6; i++) {
			answer(failing, 500);
			answer(picky, (i % 2 == 0) ? 501 : 404);
		}

		assertThat(this.statistics.of(failing).isEjected()).isTrue();
		assertThat(this.statistics.of(picky).isEjected()).isFalse();
		assertThat(this.statistics.of(picky).failures()).isEqualTo(3);
	}

	@Test
	void shouldMeasureLatencyToTheAnswer() {
		UpstreamCall call = this.statistics.begin(this.instance);
		this.clock.addAndGet(Duration.ofMillis(42).toNanos());
		call.responded(200);
		this.clock.addAndGet(Duration.ofMillis(500).toNanos());
		double measured = this.statistics.of(this.instance).ewmaMillis();
		call.close();

		assertThat(measured).isCloseTo(42 * Math.exp(-0.5 / 10), within(0.01));
	}

	private void answer(ServiceInstance instance, int status) {
		UpstreamCall call = this.statistics.begin(instance);
		call.responded(status);
		call.close();
	}

	private void failTimes(int times) {
		for (int i = 0; i < times; i++) {
			this.statistics.begin(this.instance).failed();
		}
	}

}
