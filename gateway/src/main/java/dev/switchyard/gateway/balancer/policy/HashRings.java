package dev.switchyard.gateway.balancer.policy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.cloud.client.ServiceInstance;

/**
 * The rings of the last few candidate sets, so that a ring is built once per change of
 * the instances rather than once per request.
 */
final class HashRings {

	private static final int MAX_RINGS = 16;

	private final Map<String, HashRing> rings = new ConcurrentHashMap<>();

	HashRing of(List<ServiceInstance> instances) {
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

}
