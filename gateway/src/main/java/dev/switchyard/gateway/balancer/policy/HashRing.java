package dev.switchyard.gateway.balancer.policy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import org.springframework.cloud.client.ServiceInstance;

/**
 * A consistent-hash ring with virtual nodes: each instance owns {@value #VIRTUAL_NODES}
 * points per unit of weight, and a key belongs to the first point at or after its hash.
 * Removing one of N instances moves only the keys it owned, about 1/N of them.
 */
final class HashRing {

	static final int VIRTUAL_NODES = 160;

	private static final int MAX_WEIGHT = 100;

	private final long[] points;

	private final ServiceInstance[] owners;

	private HashRing(long[] points, ServiceInstance[] owners) {
		this.points = points;
		this.owners = owners;
	}

	static HashRing of(List<ServiceInstance> instances) {
		List<long[]> entries = new ArrayList<>();
		for (int i = 0; i < instances.size(); i++) {
			ServiceInstance instance = instances.get(i);
			int nodes = VIRTUAL_NODES * Math.min(MAX_WEIGHT, ServiceInstances.weight(instance));
			for (int v = 0; v < nodes; v++) {
				entries.add(new long[] { hash(instance.getInstanceId() + "#" + v), i });
			}
		}
		entries.sort((a, b) -> Long.compare(a[0], b[0]));
		long[] points = new long[entries.size()];
		ServiceInstance[] owners = new ServiceInstance[entries.size()];
		for (int i = 0; i < points.length; i++) {
			points[i] = entries.get(i)[0];
			owners[i] = instances.get((int) entries.get(i)[1]);
		}
		return new HashRing(points, owners);
	}

	@Nullable ServiceInstance locate(String key) {
		if (this.points.length == 0) {
			return null;
		}
		int index = Arrays.binarySearch(this.points, hash(key));
		if (index < 0) {
			index = -index - 1;
		}
		return this.owners[(index == this.points.length) ? 0 : index];
	}

	/**
	 * Return the first instance from the key's point clockwise that {@code accepts}
	 * takes, or the key's own instance if none does: bounded-load hashing walks past the
	 * full ones.
	 */
	@Nullable ServiceInstance locate(String key, Predicate<ServiceInstance> accepts) {
		if (this.points.length == 0) {
			return null;
		}
		int index = Arrays.binarySearch(this.points, hash(key));
		if (index < 0) {
			index = -index - 1;
		}
		for (int i = 0; i < this.points.length; i++) {
			ServiceInstance owner = this.owners[(index + i) % this.points.length];
			if (accepts.test(owner)) {
				return owner;
			}
		}
		return this.owners[index % this.points.length];
	}

	/**
	 * A 64-bit hash: FNV-1a over the UTF-8 bytes, then MurmurHash3's finalizer so that
	 * similar keys ({@code node-a#1}, {@code node-a#2}) land far apart.
	 */
	static long hash(String key) {
		long hash = 0xcbf29ce484222325L;
		for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
			hash ^= (b & 0xff);
			hash *= 0x100000001b3L;
		}
		hash ^= hash >>> 33;
		hash *= 0xff51afd7ed558ccdL;
		hash ^= hash >>> 33;
		hash *= 0xc4ceb9fe1a85ec53L;
		hash ^= hash >>> 33;
		return hash;
	}

}
