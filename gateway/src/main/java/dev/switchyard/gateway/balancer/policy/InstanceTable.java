package dev.switchyard.gateway.balancer.policy;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.cloud.client.ServiceInstance;

/**
 * A candidate list as arrays, with each instance's weight, kept from one pick to the
 * next: the candidates are a new list on every request but the same instances until the
 * registry changes, so a policy that walks every instance (smooth weighted round robin,
 * least connections, a hash ring) checks the list against its last table in about a
 * nanosecond per instance instead of rebuilding what it derives from it.
 */
final class InstanceTable {

	private final ServiceInstance[] instances;

	private final int[] weights;

	private InstanceTable(List<ServiceInstance> instances) {
		this.instances = instances.toArray(ServiceInstance[]::new);
		this.weights = new int[this.instances.length];
		for (int i = 0; i < this.instances.length; i++) {
			this.weights[i] = ServiceInstances.weight(this.instances[i]);
		}
	}

	/**
	 * Return {@code last} if it still describes {@code instances}, else a new table.
	 * @param last the table of the previous pick, or {@code null}
	 * @param instances the candidates now
	 * @return a table of the candidates
	 */
	static InstanceTable of(@Nullable InstanceTable last, List<ServiceInstance> instances) {
		return (last != null && last.matches(instances)) ? last : new InstanceTable(instances);
	}

	/**
	 * Return whether this table holds the same instance objects in the same order. Equal
	 * ids are not enough: an instance registered again may have a new address or weight,
	 * and the registry hands out new objects only when something changed.
	 * @param candidates the candidates
	 * @return {@code true} if they match
	 */
	boolean matches(List<ServiceInstance> candidates) {
		int size = candidates.size();
		if (size != this.instances.length) {
			return false;
		}
		for (int i = 0; i < size; i++) {
			if (candidates.get(i) != this.instances[i]) {
				return false;
			}
		}
		return true;
	}

	int size() {
		return this.instances.length;
	}

	ServiceInstance instance(int index) {
		return this.instances[index];
	}

	int weight(int index) {
		return this.weights[index];
	}

}
