package dev.switchyard.gateway.balancer.policy;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import org.springframework.cloud.client.ServiceInstance;

/**
 * {@code round-robin}: each available instance in turn, in instance-id order.
 */
public final class RoundRobinPolicy implements LoadBalancingPolicy {

	private final AtomicInteger position;

	/**
	 * Create a policy starting at a random position, so that gateways started together do
	 * not all begin with the same instance.
	 */
	public RoundRobinPolicy() {
		this(ThreadLocalRandom.current().nextInt(1000));
	}

	RoundRobinPolicy(int start) {
		this.position = new AtomicInteger(start);
	}

	@Override
	public String name() {
		return PolicyCatalog.ROUND_ROBIN;
	}

	@Override
	public @Nullable Selection choose(Candidates candidates, BalancingRequest request) {
		List<ServiceInstance> available = candidates.available();
		if (available.isEmpty()) {
			return null;
		}
		int index = Math.floorMod(this.position.getAndIncrement(), available.size());
		ServiceInstance instance = available.get(index);
		return Selection.of(instance,
				request.explain() ? "next in rotation (" + (index + 1) + " of " + available.size() + ")" : null);
	}

}
