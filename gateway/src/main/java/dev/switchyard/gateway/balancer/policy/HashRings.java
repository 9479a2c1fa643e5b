package dev.switchyard.gateway.balancer.policy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.cloud.client.ServiceInstance;

/**
 * The rings of the last few candidate sets, so that a ring is built once per change of
 * the instances rather than once per request.
 */
final class HashRings {

	private static final int MAX_RINGS = 16;

	private final Map<String, HashRing> rings = new ConcurrentHashMap<>();

	/** The ring of the last pick, checked first without building a signature. */
	private volatile @Nullable Last last;

	HashRing of(List<ServiceInstance> instances) {
		Last last = this.last;
		if (last != null && last.table().matches(instances)) {
			return last.ring();
		}
		HashRing ring = lookup(instances);
		this.last = new Last(InstanceTable.of(null, instances), ring);
		return ring;
	}

	private HashRing lookup(List<ServiceInstance> instances) {
		StringBuilder signature = new StringBuilder();
		for (ServiceInstance instance : instances) {
			signature.append(instance.getInstanceId())
				.append('*')
				.append(ServiceInstances.weight(instance))
				.append(',');
		}
		String key = signature.toString();
		HashRing ring = this.rings.get(key);
		if (ring == null) {
			if (this.rings.size() >= MAX_RINGS) {
				this.rings.clear();
			}
			ring = this.rings.computeIfAbsent(key, (k) -> HashRing.of(instances));
		}
		return ring;
	}

	private record Last(InstanceTable table, HashRing ring) {
	}

}
