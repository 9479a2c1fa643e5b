package dev.switchyard.gateway.balancer.policy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.switchyard.gateway.balancer.stats.BalancerStatistics;

import org.springframework.cloud.client.ServiceInstance;

import static dev.switchyard.gateway.balancer.policy.TestInstances.nodes;
import static dev.switchyard.gateway.balancer.policy.TestInstances.pick;
import static dev.switchyard.gateway.balancer.policy.TestInstances.weighted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class LeastConnectionsPolicyTests {

	private final BalancerStatistics statistics = BalancerStatistics.withDefaults(System::nanoTime);

	@Test
	void shouldPickLeastLoadedInstance() {
		List<ServiceInstance> instances = nodes(3);
		load(instances.get(0), 3);
		load(instances.get(2), 1);
		LeastConnectionsPolicy policy = new LeastConnectionsPolicy(this.statistics);

		Map<String, Integer> counts = pick(policy, Candidates.of(instances), 1000);

		assertThat(counts).containsOnly(entry("node-1", 1000));
	}

	@Test
	void shouldWeighTheLoadByTheInstancesWeight() {
		ServiceInstance big = weighted("big", 4);
		ServiceInstance small = weighted("small", 1);
		load(big, 3);
		load(small, 1);
		LeastConnectionsPolicy policy = new LeastConnectionsPolicy(this.statistics);

		Map<String, Integer> counts = pick(policy, Candidates.of(List.of(big, small)), 100);

		assertThat(counts).containsOnly(entry("big", 100));
	}

	@Test
	void shouldBreakTiesInRotation() {
		LeastConnectionsPolicy policy = new LeastConnectionsPolicy(this.statistics);

		Map<String, Integer> counts = pick(policy, Candidates.of(nodes(3)), 3000);

		assertThat(counts).containsOnly(entry("node-0", 1000), entry("node-1", 1000), entry("node-2", 1000));
	}

	@Test
	void shouldFollowTheLoadAsRequestsStartAndEnd() {
		List<ServiceInstance> instances = nodes(2);
		LeastConnectionsPolicy policy = new LeastConnectionsPolicy(this.statistics);
		Candidates candidates = Candidates.of(instances);

		for (int i = 0; i < 100; i++) {
			this.statistics.begin(policy.choose(candidates, TestInstances.request()).instance());
		}

		assertThat(this.statistics.of(instances.get(0)).inFlight()).isEqualTo(50);
		assertThat(this.statistics.of(instances.get(1)).inFlight()).isEqualTo(50);
	}

	private void load(ServiceInstance instance, int inFlight) {
		for (int i = 0; i < inFlight; i++) {
			this.statistics.begin(instance);
		}
	}

}
