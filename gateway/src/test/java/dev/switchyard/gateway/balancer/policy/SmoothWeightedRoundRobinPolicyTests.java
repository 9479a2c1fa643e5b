package dev.switchyard.gateway.balancer.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.ServiceInstance;

import static dev.switchyard.gateway.balancer.policy.TestInstances.pick;
import static dev.switchyard.gateway.balancer.policy.TestInstances.request;
import static dev.switchyard.gateway.balancer.policy.TestInstances.weighted;
import static dev.switchyard.gateway.balancer.policy.TestInstances.up;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class SmoothWeightedRoundRobinPolicyTests {

	@Test
	void shouldInterleaveWeights511AsNginxDoes() {
		SmoothWeightedRoundRobinPolicy policy = new SmoothWeightedRoundRobinPolicy();
		Candidates candidates = Candidates.of(List.of(weighted("a", 5), weighted("b", 1), weighted("c", 1)));

		List<String> picks = new ArrayList<>();
		for (int i = 0; i < 14; i++) {
			picks.add(policy.choose(candidates, request()).instance().getInstanceId());
		}

		assertThat(picks).containsExactly("a", "a", "b", "a", "c", "a", "a", "a", "a", "b", "a", "c", "a", "a");
	}

	@Test
	void shouldGiveEachInstanceExactlyItsShareOfWeight() {
		SmoothWeightedRoundRobinPolicy policy = new SmoothWeightedRoundRobinPolicy();
		Candidates candidates = Candidates.of(List.of(weighted("a", 3), weighted("b", 2), weighted("c", 1)));

		Map<String, Integer> counts = pick(policy, candidates, 6000);

		assertThat(counts).containsOnly(entry("a", 3000), entry("b", 2000), entry("c", 1000));
	}

	@Test
	void shouldGiveEveryWindowOfOnePeriodTheExactShares() {
		SmoothWeightedRoundRobinPolicy policy = new SmoothWeightedRoundRobinPolicy();
		Candidates candidates = Candidates.of(List.of(weighted("a", 5), weighted("b", 1), weighted("c", 1)));

		List<String> picks = new ArrayList<>();
		for (int i = 0; i < 700; i++) {
			picks.add(policy.choose(candidates, request()).instance().getInstanceId());
		}

		for (int i = 0; i + 7 <= picks.size(); i++) {
			assertThat(picks.subList(i, i + 7)).as("picks %d to %d", i, i + 6).filteredOn("a"::equals).hasSize(5);
		}
	}

	@Test
	void shouldFollowAWeightChange() {
		SmoothWeightedRoundRobinPolicy policy = new SmoothWeightedRoundRobinPolicy();
		pick(policy, Candidates.of(List.of(weighted("a", 1), weighted("b", 1))), 10);
		List<ServiceInstance> reweighted = List.of(weighted("a", 4), weighted("b", 1));

		Map<String, Integer> counts = pick(policy, Candidates.of(reweighted), 5000);

		assertThat(counts.get("a")).isBetween(3999, 4001);
		assertThat(counts.get("b")).isBetween(999, 1001);
	}

	@Test
	void shouldGiveAWarmingInstanceItsShareOfTheWeight() {
		List<ServiceInstance> instances = List.of(up("a"), up("b"));
		Candidates warming = new Candidates(instances, instances, Map.of("b", 0.25));

		Map<String, Integer> counts = TestInstances.pick(new SmoothWeightedRoundRobinPolicy(), warming, 1000);

		// weights 10 and 2.5 (rounded to 3) on the finer scale: b gets 3 of every 13
		assertThat(counts.get("b")).isBetween(1000 * 3 / 13 - 2, 1000 * 3 / 13 + 2);
		assertThat(counts.get("a")).isEqualTo(1000 - counts.get("b"));
	}

}
