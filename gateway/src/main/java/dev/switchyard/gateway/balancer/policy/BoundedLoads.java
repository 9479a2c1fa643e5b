package dev.switchyard.gateway.balancer.policy;

import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.switchyard.gateway.balancer.stats.BalancerStatistics;

import org.springframework.cloud.client.ServiceInstance;

/**
 * {@code hashBalanceFactor}: consistent hashing with bounded loads (Mirrokni, Thorup and
 * Zadimoghaddam 2016; HAProxy's {@code hash-balance-factor}). No instance takes a request
 * while it has {@code factor} times the average in flight or more: the key walks on
 * clockwise to the next instance under that bound, and otherwise stays where it hashes.
 */
final class BoundedLoads {

	private BoundedLoads() {
	}

	/**
	 * Locate a key's instance.
	 * @param ring the ring of the candidates
	 * @param key the key
	 * @param available the candidates
	 * @param factor the route's {@code hashBalanceFactor}, {@code null} for plain hashing
	 * @param statistics the instances' in-flight counts
	 * @return the instance, and where the key hashed if it moved
	 */
	static @Nullable Located locate(HashRing ring, String key, List<ServiceInstance> available, @Nullable Double factor,
			BalancerStatistics statistics) {
		ServiceInstance home = ring.locate(key);
		if (factor == null || home == null) {
			return (home != null) ? new Located(home, null) : null;
		}
		long total = 0;
		for (ServiceInstance instance : available) {
			total += statistics.of(instance).inFlight();
		}
		// this request counts too: the bound is never below one in flight
		int capacity = (int) Math.ceil(factor * (total + 1) / available.size());
		if (statistics.of(home).inFlight() < capacity) {
			return new Located(home, null);
		}
		ServiceInstance found = ring.locate(key, (instance) -> statistics.of(instance).inFlight() < capacity);
		return new Located((found != null) ? found : home, home.getInstanceId() + " at bound " + capacity);
	}

	/**
	 * Where a key went.
	 *
	 * @param instance the instance
	 * @param movedFrom why it is not where the key hashes, {@code null} if it is
	 */
	record Located(ServiceInstance instance, @Nullable String movedFrom) {

	}

}
