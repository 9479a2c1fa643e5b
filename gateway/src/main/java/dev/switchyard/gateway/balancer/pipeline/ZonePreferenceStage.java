package dev.switchyard.gateway.balancer.pipeline;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.switchyard.gateway.balancer.policy.Candidates;
import dev.switchyard.gateway.balancer.stats.BalancerStatistics;

import org.springframework.cloud.client.ServiceInstance;

/**
 * {@code zoneAware}: keeps the candidates of the gateway's own zone (an instance's
 * {@code zone} metadata against {@code spring.cloud.loadbalancer.zone}), as
 * spring-cloud-commons' {@code ZonePreferenceServiceInstanceListSupplier} does, but
 * spills over to every zone when the local one is unhealthy (fewer than half of its
 * instances available) or loaded above the others (more in flight per instance than
 * {@value #LOADED_FACTOR} times theirs, plus one), as Envoy's zone-aware routing does.
 */
final class ZonePreferenceStage implements CandidateStage {

	static final String ZONE = "zone";

	static final double LOADED_FACTOR = 1.5;

	private final @Nullable String zone;

	private final BalancerStatistics statistics;

	ZonePreferenceStage(@Nullable String zone, BalancerStatistics statistics) {
		this.zone = zone;
		this.statistics = statistics;
	}

	@Override
	public Candidates filter(Candidates candidates, PipelineContext context) {
		if (!context.settings().isZoneAware() || this.zone == null || candidates.isEmpty()) {
			return candidates;
		}
		List<ServiceInstance> local = new ArrayList<>();
		List<ServiceInstance> others = new ArrayList<>();
		for (ServiceInstance instance : candidates.available()) {
			(isLocal(instance) ? local : others).add(instance);
		}
		if (others.isEmpty()) {
			return candidates;
		}
		long localTotal = context.instances().stream().filter(this::isLocal).count();
		String spill = null;
		if (local.isEmpty() || local.size() * 2 < localTotal) {
			spill = "unhealthy";
		}
		else if (meanInFlight(local) > LOADED_FACTOR * meanInFlight(others) + 1) {
			spill = "loaded";
		}
		if (spill != null) {
			context.note("zone=" + this.zone + " spill(" + spill + ")");
			return candidates;
		}
		context.note("zone=" + this.zone);
		others.forEach((instance) -> context.skip(instance.getInstanceId(), "other-zone"));
		return candidates.withAvailable(local);
	}

	private boolean isLocal(ServiceInstance instance) {
		return this.zone != null && this.zone.equalsIgnoreCase(instance.getMetadata().get(ZONE));
	}

	private double meanInFlight(List<ServiceInstance> instances) {
		double total = 0;
		for (ServiceInstance instance : instances) {
			total += this.statistics.of(instance).inFlight();
		}
		return total / instances.size();
	}

}
