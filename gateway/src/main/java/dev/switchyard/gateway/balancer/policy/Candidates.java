package dev.switchyard.gateway.balancer.policy;

import java.util.List;

import org.springframework.cloud.client.ServiceInstance;

/**
 * The instances a policy may pick from, in a stable order (by instance id).
 *
 * @param available the instances that take new requests: {@code UP}, not ejected and not
 * already failed for this request
 * @param affinity the instances that may take a request bound to them by affinity:
 * {@code available} plus the {@code DRAINING} ones
 */
public record Candidates(List<ServiceInstance> available, List<ServiceInstance> affinity) {

	public Candidates {
		available = List.copyOf(available);
		affinity = List.copyOf(affinity);
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

}
