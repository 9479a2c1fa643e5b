package dev.switchyard.gateway.balancer.policy;

import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.switchyard.gateway.balancer.stats.BalancerStatistics;

import org.springframework.cloud.client.ServiceInstance;

/**
 * {@code hashBalanceFactor}: consistent hashing with bounded loads (Mirrokni, Thorup and
 * Zadimoghaddam 2016; HAProxy's {@code hash-balance-factor}). No instance takes a request
 * that would put it past {@code factor} times the average in flight (rounded down, never
 * below an even share): the key walks on clockwise to the next instance under that bound,
 * and otherwise stays where it hashes.
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
		int capacity = capacity(factor, total + 1, available.size());
		if (statistics.of(home).inFlight() < capacity) {
			return new Located(home, null);
		}
		ServiceInstance found = ring.locate(key, (instance) -> statistics.of(instance).inFlight() < capacity);
		return new Located((found != null) ? found : home, home.getInstanceId() + " at bound " + capacity);
	}

	/**
	 * The most requests an instance may have in flight once it takes this one: the factor
	 * times the mean, rounded down, so that no instance is ever past the factor (rounding
	 * up, as the paper does, let 32 requests over 3 instances put 14 on one, 1.31 × the
	 * mean, at a factor of 1.25), but never below an even share, so that there is always
	 * room for the request somewhere.
	 * @param factor the route's {@code hashBalanceFactor}
	 * @param inFlight the requests in flight on all candidates, this one included
	 * @param instances the number of candidates
	 * @return the bound
	 */
	static int capacity(double factor, long inFlight, int instances) {
		long evenShare = (inFlight + instances - 1) / instances;
		// the epsilon: 1.25 x 8 / 2 is 5, not 4.999…
		long bound = (long) Math.floor(factor * inFlight / instances + 1e-9);
		return (int) Math.max(evenShare, bound);
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
