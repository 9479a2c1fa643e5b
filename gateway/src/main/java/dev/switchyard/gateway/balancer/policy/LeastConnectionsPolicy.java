package dev.switchyard.gateway.balancer.policy;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import dev.switchyard.gateway.balancer.stats.BalancerStatistics;

import org.springframework.cloud.client.ServiceInstance;

/**
 * {@code least-connections}: the instance with the fewest requests in flight for its
 * weight, as nginx's {@code least_conn}; ties are broken in rotation so that an idle
 * service is still spread evenly.
 */
public final class LeastConnectionsPolicy implements LoadBalancingPolicy {

	private final BalancerStatistics statistics;

	private final AtomicInteger rotation = new AtomicInteger();

	/**
	 * Create the policy.
	 * @param statistics the in-flight counts
	 */
	public LeastConnectionsPolicy(BalancerStatistics statistics) {
		this.statistics = statistics;
	}

	@Override
	public String name() {
		return PolicyCatalog.LEAST_CONNECTIONS;
	}

	@Override
	public @Nullable Selection choose(Candidates candidates, BalancingRequest request) {
		List<ServiceInstance> available = candidates.available();
		if (available.isEmpty()) {
			return null;
		}
		int size = available.size();
		int start = Math.floorMod(this.rotation.getAndIncrement(), size);
		ServiceInstance best = null;
		long bestLoad = 0;
		int bestWeight = 1;
		StringBuilder scores = request.explain() ? new StringBuilder() : null;
		for (int i = 0; i < size; i++) {
			ServiceInstance instance = available.get((start + i) % size);
			int load = this.statistics.of(instance).inFlight();
			int weight = ServiceInstances.weight(instance);
			// load / weight < bestLoad / bestWeight, without division
			if (best == null || (long) load * bestWeight < bestLoad * weight) {
				best = instance;
				bestLoad = load;
				bestWeight = weight;
			}
		}
		if (scores != null) {
			for (ServiceInstance instance : available) {
				scores.append(instance.getInstanceId())
					.append("(inFlight=")
					.append(this.statistics.of(instance).inFlight())
					.append(",weight=")
					.append(ServiceInstances.weight(instance))
					.append(") ");
			}
		}
		return Selection.of(best, (scores != null) ? "fewest in flight per weight: " + scores.toString().trim() : null);
	}

}
