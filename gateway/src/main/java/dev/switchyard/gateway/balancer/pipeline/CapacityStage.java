package dev.switchyard.gateway.balancer.pipeline;

import java.util.HashSet;
import java.util.Set;

import dev.switchyard.gateway.balancer.policy.Candidates;
import dev.switchyard.gateway.balancer.stats.BalancerStatistics;

import org.springframework.cloud.client.ServiceInstance;

/**
 * {@code maxInFlight}: leaves out the instances that already have that many requests in
 * flight, as HAProxy's {@code maxconn} does; when it leaves none, the context says the
 * service is full, and the load balancer queues the request.
 */
final class CapacityStage implements CandidateStage {

	private final BalancerStatistics statistics;

	CapacityStage(BalancerStatistics statistics) {
		this.statistics = statistics;
	}

	@Override
	public Candidates filter(Candidates candidates, PipelineContext context) {
		Integer max = context.settings().maxInFlight();
		if (max == null || candidates.isEmpty()) {
			return candidates;
		}
		Set<String> full = new HashSet<>();
		for (ServiceInstance instance : candidates.affinity()) {
			int inFlight = this.statistics.of(instance).inFlight();
			if (inFlight >= max) {
				full.add(instance.getInstanceId());
				context.skip(instance.getInstanceId(), "full " + inFlight + "/" + max);
			}
		}
		if (full.isEmpty()) {
			return candidates;
		}
		Candidates left = new Candidates(EjectionStage.without(candidates.available(), full),
				EjectionStage.without(candidates.affinity(), full), candidates.shares());
		if (left.isEmpty()) {
			context.markFull();
		}
		return left;
	}

}
