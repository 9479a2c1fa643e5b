package dev.switchyard.gateway.balancer.policy;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import dev.switchyard.gateway.balancer.stats.BalancerStatistics;
import dev.switchyard.gateway.balancer.stats.InstanceStats;

import org.springframework.cloud.client.ServiceInstance;

/**
 * {@code least-connections}: the instance with the fewest requests in flight for its
 * weight, as nginx's {@code least_conn}; ties are broken in rotation so that an idle
 * service is still spread evenly.
 */
public final class LeastConnectionsPolicy implements LoadBalancingPolicy {

	private final BalancerStatistics statistics;

	private final AtomicInteger rotation = new AtomicInteger();

	/** The candidates of the last pick and their statistics, at the same index. */
	private volatile @Nullable Loads loads;

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
		Loads loads = loads(available);
		int size = loads.table().size();
		int start = Math.floorMod(this.rotation.getAndIncrement(), size);
		int best = -1;
		long bestLoad = 0;
		int bestWeight = 1;
		StringBuilder scores = request.explain() ? new StringBuilder() : null;
		for (int n = 0; n < size; n++) {
			int i = start + n;
			if (i >= size) {
				i -= size;
			}
			int load = loads.stats()[i].inFlight();
			int weight = loads.table().weight(i);
			// load / weight < bestLoad / bestWeight, without division
			if (best < 0 || (long) load * bestWeight < bestLoad * weight) {
				best = i;
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
		return Selection.of(loads.table().instance(best),
				(scores != null) ? "fewest in flight per weight: " + scores.toString().trim() : null);
	}

	private Loads loads(List<ServiceInstance> available) {
		Loads last = this.loads;
		if (last != null && last.table().matches(available)) {
			return last;
		}
		InstanceTable table = InstanceTable.of(null, available);
		InstanceStats[] stats = new InstanceStats[table.size()];
		for (int i = 0; i < stats.length; i++) {
			stats[i] = this.statistics.of(table.instance(i));
		}
		Loads loads = new Loads(table, stats);
		this.loads = loads;
		return loads;
	}

	private record Loads(InstanceTable table, InstanceStats[] stats) {
	}

}
