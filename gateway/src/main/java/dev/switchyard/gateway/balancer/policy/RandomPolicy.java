package dev.switchyard.gateway.balancer.policy;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

import org.springframework.cloud.client.ServiceInstance;

/**
 * {@code random}: any available instance, uniformly.
 */
public final class RandomPolicy implements LoadBalancingPolicy {

	@Override
	public String name() {
		return PolicyCatalog.RANDOM;
	}

	@Override
	public @Nullable Selection choose(Candidates candidates, BalancingRequest request) {
		List<ServiceInstance> available = candidates.available();
		if (available.isEmpty()) {
			return null;
		}
		int index = ThreadLocalRandom.current().nextInt(available.size());
		return Selection.of(available.get(index),
				request.explain() ? "uniform random draw among " + available.size() : null);
	}

}
