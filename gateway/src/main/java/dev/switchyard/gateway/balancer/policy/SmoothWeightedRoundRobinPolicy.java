package dev.switchyard.gateway.balancer.policy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.cloud.client.ServiceInstance;

/**
 * {@code weighted-round-robin}: nginx's smooth weighted round robin. Every pick adds each
 * instance's weight to its current weight, takes the highest and takes the total off the
 * winner, so weights 5, 1, 1 give a, a, b, a, c, a, a rather than bursts.
 */
public final class SmoothWeightedRoundRobinPolicy implements LoadBalancingPolicy {

	private @Nullable InstanceTable table;

	/** The scale of the weights while an instance warms up with a share of its own. */
	private static final int SHARE_SCALE = 10;

	/** The current weight of each instance of {@link #table}, at the same index. */
	private long[] current = new long[0];

	@Override
	public String name() {
		return PolicyCatalog.WEIGHTED_ROUND_ROBIN;
	}

	@Override
	public boolean weighted() {
		return true;
	}

	@Override
	public synchronized @Nullable Selection choose(Candidates candidates, BalancingRequest request) {
		List<ServiceInstance> available = candidates.available();
		if (available.isEmpty()) {
			return null;
		}
		InstanceTable table = currentTable(available);
		long[] current = this.current;
		long total = 0;
		int best = 0;
		StringBuilder scores = request.explain() ? new StringBuilder() : null;
		for (int i = 0; i < current.length; i++) {
			int weight = table.weight(i);
			if (!candidates.shares().isEmpty()) {
				// slow start: a share of the weight, on a finer scale
				weight = (int) Math.max(1, Math.round(weight * SHARE_SCALE * candidates.share(table.instance(i))));
			}
			current[i] += weight;
			total += weight;
			if (scores != null) {
				scores.append(table.instance(i).getInstanceId())
					.append("(weight=")
					.append(weight)
					.append(",current=")
					.append(current[i])
					.append(") ");
			}
			if (current[i] > current[best]) {
				best = i;
			}
		}
		current[best] -= total;
		return Selection.of(table.instance(best),
				(scores != null) ? "highest current weight: " + scores.toString().trim() : null);
	}

	/**
	 * Return the table of the candidates, carrying the current weights of the instances
	 * that remain over a change of the candidates.
	 */
	private InstanceTable currentTable(List<ServiceInstance> available) {
		InstanceTable last = this.table;
		InstanceTable table = InstanceTable.of(last, available);
		if (table != last) {
			Map<String, Long> previous = new HashMap<>();
			for (int i = 0; last != null && i < last.size(); i++) {
				previous.put(last.instance(i).getInstanceId(), this.current[i]);
			}
			long[] current = new long[table.size()];
			for (int i = 0; i < current.length; i++) {
				current[i] = previous.getOrDefault(table.instance(i).getInstanceId(), 0L);
			}
			this.table = table;
			this.current = current;
		}
		return table;
	}

}
