package dev.switchyard.gateway.balancer.policy;

import java.util.List;
import java.util.Map;

import org.springframework.cloud.client.ServiceInstance;

/**
 * The instances a policy may pick from, in a stable order (by instance id).
 *
 * @param available the instances that take new requests: {@code UP}, not ejected and not
 * already failed for this request
 * @param affinity the instances that may take a request bound to them by affinity:
 * {@code available} plus the {@code DRAINING} ones
 * @param shares the share of its weight an instance gets while it warms up (slow start),
 * from above 0 to 1, by instance id; an instance not in it gets its full weight
 */
public record Candidates(List<ServiceInstance> available, List<ServiceInstance> affinity, Map<String, Double> shares) {

	public Candidates {
		available = List.copyOf(available);
		affinity = List.copyOf(affinity);
		shares = Map.copyOf(shares);
	}

	/**
	 * Create candidates that all get their full weight.
	 * @param available the available instances
	 * @param affinity the instances that may take a request bound to them
	 */
	public Candidates(List<ServiceInstance> available, List<ServiceInstance> affinity) {
		this(available, affinity, Map.of());
	}

	/**
	 * Create candidates with no draining instance.
	 * @param available the available instances
	 * @return the candidates
	 */
	public static Candidates of(List<? extends ServiceInstance> available) {
		return new Candidates(List.copyOf(available), List.copyOf(available));
	}

	/**
	 * Return whether no instance is available for a new request.
	 * @return {@code true} if {@link #available()} is empty
	 */
	public boolean isEmpty() {
		return this.available.isEmpty();
	}

	/**
	 * Return the share of its weight an instance gets now.
	 * @param instance the instance
	 * @return from above 0 to 1
	 */
	public double share(ServiceInstance instance) {
		Double share = this.shares.get(instance.getInstanceId());
		return (share != null) ? share : 1.0;
	}

	/**
	 * Return these candidates with other available ones, keeping the affinity ones and
	 * the shares.
	 * @param available the available instances
	 * @return the candidates
	 */
	public Candidates withAvailable(List<ServiceInstance> available) {
		return new Candidates(available, this.affinity, this.shares);
	}

}
