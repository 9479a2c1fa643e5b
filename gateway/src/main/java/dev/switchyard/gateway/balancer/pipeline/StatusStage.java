package dev.switchyard.gateway.balancer.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.switchyard.gateway.balancer.policy.Candidates;
import dev.switchyard.gateway.balancer.policy.ServiceInstances;
import dev.switchyard.registry.client.RegisteredInstance;

import org.springframework.cloud.client.ServiceInstance;

/**
 * Keeps the {@code UP} instances not already tried for this request; the {@code DRAINING}
 * ones stay only for affinity.
 */
final class StatusStage implements CandidateStage {

	@Override
	public Candidates filter(Candidates candidates, PipelineContext context) {
		if (allUp(candidates.available(), context.request().excluded())) {
			// the usual case: nothing to leave out, no list to build
			return new Candidates(candidates.available(), candidates.available(), candidates.shares());
		}
		List<ServiceInstance> available = new ArrayList<>();
		List<ServiceInstance> affinity = new ArrayList<>();
		for (ServiceInstance instance : candidates.available()) {
			String id = instance.getInstanceId();
			String excluded = context.request().excluded().get(id);
			String status = ServiceInstances.status(instance);
			if (excluded != null) {
				context.skip(id, excluded);
			}
			else if (RegisteredInstance.UP.equals(status)) {
				available.add(instance);
				affinity.add(instance);
			}
			else {
				context.skip(id, status);
				if (RegisteredInstance.DRAINING.equals(status)) {
					affinity.add(instance);
				}
			}
		}
		return new Candidates(available, affinity, candidates.shares());
	}

	private static boolean allUp(List<ServiceInstance> instances, Map<String, String> excluded) {
		for (ServiceInstance instance : instances) {
			if (!excluded.isEmpty() && excluded.containsKey(instance.getInstanceId())) {
				return false;
			}
			if (!RegisteredInstance.UP.equals(ServiceInstances.status(instance))) {
				return false;
			}
		}
		return true;
	}

}
