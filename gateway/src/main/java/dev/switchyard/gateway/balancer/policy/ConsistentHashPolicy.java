package dev.switchyard.gateway.balancer.policy;

import org.jspecify.annotations.Nullable;

import dev.switchyard.gateway.balancer.stats.BalancerStatistics;

import org.springframework.cloud.client.ServiceInstance;

/**
 * {@code consistent-hash}: the same key goes to the same instance, the key being the
 * route's {@code hashKey} ({@code uri} unless set); a ring with virtual nodes means that
 * removing one of N instances moves about 1/N of the keys. A request without the key goes
 * to a random instance.
 */
public final class ConsistentHashPolicy implements LoadBalancingPolicy {

	private final HashRings rings = new HashRings();

	private final RandomPolicy fallback = new RandomPolicy();

	private final BalancerStatistics statistics;

	/**
	 * Create the policy.
	 * @param statistics the in-flight counts, for {@code hashBalanceFactor}
	 */
	public ConsistentHashPolicy(BalancerStatistics statistics) {
		this.statistics = statistics;
	}

	@Override
	public String name() {
		return PolicyCatalog.CONSISTENT_HASH;
	}

	@Override
	public @Nullable Selection choose(Candidates candidates, BalancingRequest request) {
		if (candidates.isEmpty()) {
			return null;
		}
		HashKey hashKey = (request.hashKey() != null) ? HashKey.parse(request.hashKey()) : HashKey.URI;
		String key = hashKey.extract(request);
		if (key == null) {
			Selection random = this.fallback.choose(candidates, request);
			return (random != null) ? Selection.of(random.instance(),
					request.explain() ? "no " + hashKey + " in the request, " + random.reason() : null) : null;
		}
		BoundedLoads.Located located = BoundedLoads.locate(this.rings.of(candidates.available()), key,
				candidates.available(), request.hashBalanceFactor(), this.statistics);
		ServiceInstance instance = (located != null) ? located.instance() : null;
		return (instance != null)
				? Selection.of(instance,
						request.explain() ? hashKey + " '" + key + "' hashes here"
								+ ((located.movedFrom() != null) ? ", bounded load: past " + located.movedFrom() : "")
								: null)
				: null;
	}

}
