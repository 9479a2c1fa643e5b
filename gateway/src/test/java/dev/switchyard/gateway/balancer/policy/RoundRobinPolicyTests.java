package dev.switchyard.gateway.balancer.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static dev.switchyard.gateway.balancer.policy.TestInstances.nodes;
import static dev.switchyard.gateway.balancer.policy.TestInstances.pick;
import static dev.switchyard.gateway.balancer.policy.TestInstances.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class RoundRobinPolicyTests {

	@Test
	void shouldSpread30RequestsOver3InstancesExactly10Each() {
		RoundRobinPolicy policy = new RoundRobinPolicy();

		Map<String, Integer> counts = pick(policy, Candidates.of(nodes(3)), 30);

		assertThat(counts).containsOnly(entry("node-0", 10), entry("node-1", 10), entry("node-2", 10));
	}

	@Test
	void shouldSpreadThousandsOfRequestsExactlyEvenly() {
		RoundRobinPolicy policy = new RoundRobinPolicy();

		Map<String, Integer> counts = pick(policy, Candidates.of(nodes(7)), 7000);

		assertThat(counts).hasSize(7).allSatisfy((id, count) -> assertThat(count).isEqualTo(1000));
	}

	@Test
	void shouldVisitInstancesInIdOrder() {
		RoundRobinPolicy policy = new RoundRobinPolicy(0);
		Candidates candidates = Candidates.of(nodes(3));

		List<String> picks = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			picks.add(policy.choose(candidates, request()).instance().getInstanceId());
		}

		assertThat(picks).containsExactly("node-0", "node-1", "node-2", "node-0", "node-1", "node-2");
	}

	@Test
	void shouldPickNothingWithoutCandidates() {
		RoundRobinPolicy policy = new RoundRobinPolicy();

		Selection selection = policy.choose(Candidates.of(List.of()), request());

		assertThat(selection).isNull();
	}

}
