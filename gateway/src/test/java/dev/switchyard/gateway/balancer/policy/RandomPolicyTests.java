package dev.switchyard.gateway.balancer.policy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static dev.switchyard.gateway.balancer.policy.TestInstances.nodes;
import static dev.switchyard.gateway.balancer.policy.TestInstances.pick;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RandomPolicyTests {

	@Test
	void shouldSpreadUniformlyWithinTolerance() {
		RandomPolicy policy = new RandomPolicy();

		Map<String, Integer> counts = pick(policy, Candidates.of(nodes(3)), 30_000);

		// sd of one count is about 82: 5% (500) is more than six of them
		assertThat(counts).hasSize(3)
			.allSatisfy((id, count) -> assertThat(count.doubleValue()).isCloseTo(10_000, within(500.0)));
	}

}
