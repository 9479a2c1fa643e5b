package dev.switchyard.gateway.balancer.policy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.switchyard.gateway.balancer.stats.BalancerStatistics;

import org.springframework.cloud.client.ServiceInstance;

import static dev.switchyard.gateway.balancer.policy.TestInstances.nodes;
import static dev.switchyard.gateway.balancer.policy.TestInstances.pick;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PowerOfTwoChoicesPolicyTests {

	private final BalancerStatistics statistics = BalancerStatistics.withDefaults(System::nanoTime);

	@Test
	void shouldNeverPickTheMostLoadedInstanceOfThree() {
		List<ServiceInstance> instances = nodes(3);
		load(instances.get(0), 10);
		PowerOfTwoChoicesPolicy policy = new PowerOfTwoChoicesPolicy(this.statistics);

		Map<String, Integer> counts = pick(policy, Candidates.of(instances), 10_000);

		assertThat(counts).doesNotContainKey("node-0");
		assertThat(counts.get("node-1").doubleValue()).isCloseTo(5000, within(400.0));
	}

	@Test
	void shouldPreferTheLessLoadedInProportionToThePairsItWins() {
		List<ServiceInstance> instances = nodes(3);
		load(instances.get(1), 5);
		load(instances.get(2), 10);
		PowerOfTwoChoicesPolicy policy = new PowerOfTwoChoicesPolicy(this.statistics);

		Map<String, Integer> counts = pick(policy, Candidates.of(instances), 9000);

		// the idle instance wins both pairs it is in (2 of 3), the middle one 1 of 3
		assertThat(counts.get("node-0").doubleValue()).isCloseTo(6000, within(400.0));
		assertThat(counts.get("node-1").doubleValue()).isCloseTo(3000, within(400.0));
		assertThat(counts).doesNotContainKey("node-2");
	}

	@Test
	void shouldPickTheOnlyCandidate() {
		PowerOfTwoChoicesPolicy policy = new PowerOfTwoChoicesPolicy(this.statistics);

		Map<String, Integer> counts = pick(policy, Candidates.of(nodes(1)), 10);

		assertThat(counts).containsOnlyKeys("node-0");
	}

	@Test
	void shouldSpreadAnIdleServiceEvenly() {
		PowerOfTwoChoicesPolicy policy = new PowerOfTwoChoicesPolicy(this.statistics);

		Map<String, Integer> counts = pick(policy, Candidates.of(nodes(4)), 20_000);

		assertThat(counts).hasSize(4)
			.allSatisfy((id, count) -> assertThat(count.doubleValue()).isCloseTo(5000, within(400.0)));
	}

	private void load(ServiceInstance instance, int inFlight) {
		for (int i = 0; i < inFlight; i++) {
			this.statistics.begin(instance);
		}
	}

}
