package dev.switchyard.gateway.balancer.policy;

import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import dev.switchyard.gateway.balancer.stats.BalancerStatistics;
import dev.switchyard.gateway.balancer.stats.InstanceStats;

import org.springframework.cloud.client.ServiceInstance;

/**
 * {@code ewma}: Finagle's and Linkerd's peak-EWMA balancer. Each instance costs its peak
 * EWMA latency times its requests in flight plus one; of two instances drawn at random
 * the cheaper wins. A slow instance's cost jumps at once and decays while it is left
 * alone, so it is tried again now and then.
 */
public final class PeakEwmaPolicy implements LoadBalancingPolicy {

	/** The cost of an instance not measured yet that already has requests in flight. */
	private static final double PENALTY_NANOS = 1_000_000_000.0;

	private final BalancerStatistics statistics;

	/**
	 * Create the policy.
	 * @param statistics the latency and in-flight statistics
	 */
	public PeakEwmaPolicy(BalancerStatistics statistics) {
		this.statistics = statistics;
	}

	@Override
	public String name() {
		return PolicyCatalog.EWMA;
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
		ServiceInstance[] pair = PowerOfTwoChoicesPolicy.drawTwo(available);
		double first = cost(pair[0]);
		double second = cost(pair[1]);
		ServiceInstance winner = (second < first) ? pair[1] : pair[0];
		String reason = null;
		if (request.explain()) {
			reason = "drew " + describe(pair[0], first) + " and " + describe(pair[1], second) + ", kept the cheaper";
		}
		return Selection.of(winner, reason);
	}

	double cost(ServiceInstance instance) {
		InstanceStats stats = this.statistics.of(instance);
		double ewma = stats.ewmaNanos();
		int inFlight = stats.inFlight();
		if (ewma == 0) {
			return (inFlight == 0) ? 0 : PENALTY_NANOS + inFlight;
		}
		return ewma * (inFlight + 1);
	}

	private String describe(ServiceInstance instance, double cost) {
		InstanceStats stats = this.statistics.of(instance);
		return String.format(Locale.ROOT, "%s(ewma=%.1fms,inFlight=%d,cost=%.1f)", instance.getInstanceId(),
				stats.ewmaMillis(), stats.inFlight(), cost / 1_000_000.0);
	}

}
