package dev.switchyard.gateway.balancer.pipeline;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

import dev.switchyard.gateway.balancer.policy.Candidates;

import org.springframework.cloud.client.ServiceInstance;

/**
 * {@code slowStart}: an instance that joins, or returns (from {@code DOWN}, draining or
 * an ejection), gets a share of its load that ramps linearly from {@value #INITIAL_SHARE}
 * to 1 over the window, as nginx Plus's {@code slow_start} and Envoy's
 * {@code slow_start_config} do. A weighted policy gets the share as a lower weight; for
 * the others the share is the chance of being a candidate for a request. Instances seen
 * when the stage first runs are taken as warm.
 */
final class SlowStartStage implements CandidateStage {

	static final double INITIAL_SHARE = 0.1;

	private final LongSupplier nanoClock;

	private final DoubleSupplier random;

	/** When each instance last became available, in nanoseconds of the clock. */
	private final Map<String, Long> since = new ConcurrentHashMap<>();

	/** The instances available at the previous pick, {@code null} before the first. */
	private volatile @Nullable Set<String> previous;

	SlowStartStage(LongSupplier nanoClock, DoubleSupplier random) {
		this.nanoClock = nanoClock;
		this.random = random;
	}

	@Override
	public Candidates filter(Candidates candidates, PipelineContext context) {
		Duration window = context.settings().slowStart();
		if (window == null) {
			this.previous = null;
			return candidates;
		}
		long now = this.nanoClock.getAsLong();
		Set<String> before = this.previous;
		Set<String> current = new HashSet<>();
		for (ServiceInstance instance : candidates.available()) {
			String id = instance.getInstanceId();
			current.add(id);
			if (before == null) {
				this.since.put(id, now - window.toNanos());
			}
			else if (!before.contains(id)) {
				this.since.put(id, now);
			}
		}
		this.previous = Set.copyOf(current);
		this.since.keySet().retainAll(current);
		Map<String, Double> shares = new HashMap<>(candidates.shares());
		List<ServiceInstance> kept = new java.util.ArrayList<>();
		for (ServiceInstance instance : candidates.available()) {
			double share = share(instance.getInstanceId(), now, window);
			if (share >= 1.0) {
				kept.add(instance);
			}
			else if (context.weightedPolicy()) {
				shares.put(instance.getInstanceId(), share);
				kept.add(instance);
			}
			else if (this.random.getAsDouble() < share) {
				kept.add(instance);
			}
			else {
				context.skip(instance.getInstanceId(), "slow-start " + Math.round(share * 100) + "%");
			}
		}
		if (kept.isEmpty()) {
			// every candidate is warming up: better a cold one than none
			return candidates;
		}
		return new Candidates(kept, candidates.affinity(), shares);
	}

	/**
	 * Return an instance's share now.
	 * @param instanceId the instance
	 * @param now the time
	 * @param window the ramp
	 * @return from {@value #INITIAL_SHARE} to 1
	 */
	double share(String instanceId, long now, Duration window) {
		Long start = this.since.get(instanceId);
		if (start == null) {
			return 1.0;
		}
		double progress = (double) (now - start) / window.toNanos();
		return (progress >= 1.0) ? 1.0 : INITIAL_SHARE + (1 - INITIAL_SHARE) * Math.max(0, progress);
	}

}
