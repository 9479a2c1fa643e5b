package dev.switchyard.gateway.balancer.policy;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

import dev.switchyard.gateway.balancer.stats.BalancerStatistics;

import org.springframework.cloud.client.ServiceInstance;

/**
 * {@code p2c}: the power of two random choices; of two distinct instances drawn at
 * random, the one with fewer requests in flight. Nearly as good as least connections
 * without every gateway herding onto the same idle instance.
 */
public final class PowerOfTwoChoicesPolicy implements LoadBalancingPolicy {

	private final BalancerStatistics statistics;

	/**
	 * Create the policy.
	 * @param statistics the in-flight counts
	 */
	public PowerOfTwoChoicesPolicy(BalancerStatistics statistics) {
		this.statistics = statistics;
	}

	@Override
	public String name() {
		return PolicyCatalog.P2C;
	}

	@Override
	public @Nullable Selection choose(Candidates candidates, BalancingRequest request) {
		List<ServiceInstance> available = candidates.available();
		if (available.isEmpty()) {
			return null;
		}
		if (available.size() == 1) {
			return Selection.of(available.get(0), request.explain() ? "only candidate" : null);
		}
		ServiceInstance[] pair = drawTwo(available);
		int first = this.statistics.of(pair[0]).inFlight();
		int second = this.statistics.of(pair[1]).inFlight();
		ServiceInstance winner = (second < first) ? pair[1] : pair[0];
		String reason = null;
		if (request.explain()) {
			reason = "drew " + pair[0].getInstanceId() + "(inFlight=" + first + ") and " + pair[1].getInstanceId()
					+ "(inFlight=" + second + "), kept the less loaded";
		}
		return Selection.of(winner, reason);
	}

	static ServiceInstance[] drawTwo(List<ServiceInstance> available) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		int first = random.nextInt(available.size());
		int second = random.nextInt(available.size() - 1);
		if (second >= first) {
			second++;
		}
		return new ServiceInstance[] { available.get(first), available.get(second) };
	}

}
