package dev.switchyard.gateway.balancer.policy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.switchyard.gateway.balancer.stats.BalancerStatistics;
import dev.switchyard.gateway.balancer.stats.UpstreamCall;

import org.springframework.cloud.client.ServiceInstance;

import static dev.switchyard.gateway.balancer.policy.TestInstances.nodes;
import static dev.switchyard.gateway.balancer.policy.TestInstances.pick;
import static org.assertj.core.api.Assertions.assertThat;

class PeakEwmaPolicyTests {

	private final AtomicLong clock = new AtomicLong();

	private final BalancerStatistics statistics = BalancerStatistics.withDefaults(this.clock::get);

	@Test
	void shouldSendFarLessToASlowInstance() {
		List<ServiceInstance> instances = nodes(3);
		observe(instances.get(0), Duration.ofMillis(300));
		observe(instances.get(1), Duration.ofMillis(5));
		observe(instances.get(2), Duration.ofMillis(6));
		PeakEwmaPolicy policy = new PeakEwmaPolicy(this.statistics);

		Map<String, Integer> counts = pick(policy, Candidates.of(instances), 10_000);

		assertThat(counts.getOrDefault("node-0", 0)).isZero();
		assertThat(counts.get("node-1")).isGreaterThan(counts.get("node-2"));
	}

	@Test
	void shouldPenaliseTheFastInstanceForItsRequestsInFlight() {
		List<ServiceInstance> instances = nodes(2);
		observe(instances.get(0), Duration.ofMillis(10));
		observe(instances.get(1), Duration.ofMillis(40));
		for (int i = 0; i < 5; i++) {
			this.statistics.begin(instances.get(0));
		}
		PeakEwmaPolicy policy = new PeakEwmaPolicy(this.statistics);

		Map<String, Integer> counts = pick(policy, Candidates.of(instances), 100);

		// 10 ms x 6 costs more than 40 ms x 1
		assertThat(counts).containsOnlyKeys("node-1");
	}

	@Test
	void shouldTryASlowInstanceAgainOnceItsLatencyHasDecayed() {
		List<ServiceInstance> instances = nodes(2);
		observe(instances.get(0), Duration.ofMillis(300));
		observe(instances.get(1), Duration.ofMillis(5));
		PeakEwmaPolicy policy = new PeakEwmaPolicy(this.statistics);
		this.statistics.begin(instances.get(1));
		this.statistics.begin(instances.get(1));

		Map<String, Integer> before = pick(policy, Candidates.of(instances), 10);
		// a minute on, the fast instance still answers in 5 ms; the slow one was left
		// alone
		this.clock.addAndGet(Duration.ofSeconds(60).toNanos());
		observe(instances.get(1), Duration.ofMillis(5));
		Map<String, Integer> after = pick(policy, Candidates.of(instances), 10);

		assertThat(before).containsOnlyKeys("node-1");
		assertThat(after).containsOnlyKeys("node-0");
	}

	@Test
	void shouldTakeAWorseLatencyAtOnceAndForgetItSlowly() {
		ServiceInstance instance = nodes(1).get(0);
		observe(instance, Duration.ofMillis(10));

		observe(instance, Duration.ofMillis(200));
		double peak = this.statistics.of(instance).ewmaMillis();
		observe(instance, Duration.ofMillis(10));
		double afterOneFastAnswer = this.statistics.of(instance).ewmaMillis();

		assertThat(peak).isEqualTo(200.0);
		assertThat(afterOneFastAnswer).isGreaterThan(150.0).isLessThan(200.0);
	}

	@Test
	void shouldForgetAPauseOfABusyInstanceWithinAFewAnswersButNotTheLatencyOfASlowOne() {
		List<ServiceInstance> instances = nodes(3);
		ServiceInstance slow = instances.get(0);
		List<ServiceInstance> fast = instances.subList(1, 3);
		observe(slow, Duration.ofMillis(300));
		for (ServiceInstance instance : fast) {
			observe(instance, Duration.ofMillis(250));
			for (int i = 0; i < 30; i++) {
				observe(instance, Duration.ofMillis(10));
			}
			this.statistics.begin(instance);
			this.statistics.begin(instance);
		}
		PeakEwmaPolicy policy = new PeakEwmaPolicy(this.statistics);

		Map<String, Integer> counts = pick(policy, Candidates.of(instances), 10_000);

		// 30 answers took 0.3 s: the time decay alone would still see the pause
		assertThat(fast).allSatisfy(
				(instance) -> assertThat(this.statistics.of(instance).ewmaMillis()).isGreaterThan(10).isLessThan(25));
		assertThat(this.statistics.of(slow).ewmaMillis()).isGreaterThan(250);
		assertThat(counts.getOrDefault("node-0", 0)).isZero();
	}

	private void observe(ServiceInstance instance, Duration latency) {
		UpstreamCall call = this.statistics.begin(instance);
		this.clock.addAndGet(latency.toNanos());
		call.responded(200);
		call.close();
	}

}
