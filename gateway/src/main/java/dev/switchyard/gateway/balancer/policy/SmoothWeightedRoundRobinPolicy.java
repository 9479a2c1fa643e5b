package dev.switchyard.gateway.balancer.policy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.cloud.client.ServiceInstance;

/**
 * {@code weighted-round-robin}: nginx's smooth weighted round robin. Every pick adds each
 * instance's weight to its current weight, takes the highest and takes the total off the
 * winner, so weights 5, 1, 1 give a, a, b, a, c, a, a rather than bursts.
 */
public final class SmoothWeightedRoundRobinPolicy implements LoadBalancingPolicy {

	private final Map<String, Long> current = new HashMap<>();

	@Override
	public String name() {
		return PolicyCatalog.WEIGHTED_ROUND_ROBIN;
	}

	@Override
	public synchronized @Nullable Selection choose(Candidates candidates, BalancingRequest request) {
		List<ServiceInstance> available = candidates.available();
		if (available.isEmpty()) {
			return null;
		}
		forgetGone(available);
		long total = 0;
		ServiceInstance best = null;
		long bestWeight = Long.MIN_VALUE;
		StringBuilder scores = request.explain() ? new StringBuilder() : null;
		for (ServiceInstance instance : available) {
			int weight = ServiceInstances.weight(instance);
			long value = this.current.merge(instance.getInstanceId(), (long) weight, Long::sum);
			total += weight;
			if (scores != null) {
				scores.append(instance.getInstanceId())
					.append("(weight=")
					.append(weight)
					.append(",current=")
					.append(value)
					.append(") ");
			}
			if (value > bestWeight) {
				best = instance;
				bestWeight = value;
			}
		}
		this.current.put(best.getInstanceId(), bestWeight - total);
		return Selection.of(best, (scores != null) ? "highest current weight: " + scores.toString().trim() : null);
	}

	private void forgetGone(List<ServiceInstance> available) {
		if (this.current.size() <= available.size() * 2) {
			return;
		}
		Set<String> ids = new HashSet<>();
		available.forEach((instance) -> ids.add(instance.getInstanceId()));
		this.current.keySet().retainAll(ids);
	}

}
