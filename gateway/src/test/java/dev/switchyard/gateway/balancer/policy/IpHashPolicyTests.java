package dev.switchyard.gateway.balancer.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.switchyard.gateway.balancer.stats.BalancerStatistics;

import static dev.switchyard.gateway.balancer.policy.TestInstances.SERVICE;
import static dev.switchyard.gateway.balancer.policy.TestInstances.nodes;
import static org.assertj.core.api.Assertions.assertThat;

class IpHashPolicyTests {

	private final IpHashPolicy policy = new IpHashPolicy(BalancerStatistics.withDefaults(() -> 0L));

	@Test
	void shouldSendTheSameClientToTheSameInstance() throws UnknownHostException {
		Candidates candidates = Candidates.of(nodes(3));
		BalancingRequest request = BalancingRequest.builder(SERVICE)
			.clientAddress(InetAddress.getByName("192.0.2.10"))
			.build();

		String first = this.policy.choose(candidates, request).instance().getInstanceId();

		for (int i = 0; i < 100; i++) {
			assertThat(this.policy.choose(candidates, request).instance().getInstanceId()).isEqualTo(first);
		}
	}

	@Test
	void shouldSpreadClientsOverInstances() throws UnknownHostException {
		Candidates candidates = Candidates.of(nodes(3));

		Map<String, Integer> counts = new HashMap<>();
		for (int i = 0; i < 3000; i++) {
			InetAddress client = InetAddress.getByName("10.0." + (i / 250) + "." + (i % 250));
			BalancingRequest request = BalancingRequest.builder(SERVICE).clientAddress(client).build();
			counts.merge(this.policy.choose(candidates, request).instance().getInstanceId(), 1, Integer::sum);
		}

		assertThat(counts).hasSize(3).allSatisfy((id, count) -> assertThat(count).isBetween(700, 1300));
	}

}
