package dev.switchyard.gateway.balancer.pipeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.switchyard.gateway.balancer.policy.Candidates;
import dev.switchyard.gateway.balancer.stats.BalancerStatistics;
import dev.switchyard.gateway.balancer.stats.InstanceStats;

import org.springframework.cloud.client.ServiceInstance;

/**
 * Leaves out the ejected instances, but never more than half of the available ones: past
 * that it re-admits those whose ejection ends first.
 */
final class EjectionStage implements CandidateStage {

	private final BalancerStatistics statistics;

	EjectionStage(BalancerStatistics statistics) {
		this.statistics = statistics;
	}

	@Override
	public Candidates filter(Candidates candidates, PipelineContext context) {
		if (!this.statistics.ejectionsInForce()) {
			// no instance of any service is ejected now: none to look up
			return candidates;
		}
		List<InstanceStats> ejected = new ArrayList<>();
		for (ServiceInstance instance : candidates.available()) {
			InstanceStats stats = this.statistics.of(instance);
			if (stats.isEjected()) {
				ejected.add(stats);
			}
		}
		if (ejected.isEmpty()) {
			return candidates;
		}
		ejected.sort(Comparator.comparingLong(InstanceStats::ejectedUntil));
		int readmit = Math.max(0, ejected.size() - candidates.available().size() / 2);
		Set<String> out = new HashSet<>();
		for (int i = readmit; i < ejected.size(); i++) {
			out.add(ejected.get(i).instanceId());
			context.skip(ejected.get(i).instanceId(), "ejected");
		}
		return new Candidates(without(candidates.available(), out), without(candidates.affinity(), out),
				candidates.shares());
	}

	static List<ServiceInstance> without(List<ServiceInstance> instances, Set<String> ids) {
		List<ServiceInstance> kept = new ArrayList<>(instances.size());
		for (ServiceInstance instance : instances) {
			if (!ids.contains(instance.getInstanceId())) {
				kept.add(instance);
			}
		}
		return kept;
	}

}
