package dev.switchyard.gateway.balancer.policy;

import java.net.InetAddress;

import org.jspecify.annotations.Nullable;

import dev.switchyard.gateway.balancer.stats.BalancerStatistics;

import org.springframework.cloud.client.ServiceInstance;

/**
 * {@code ip-hash}: the same client address goes to the same instance, as nginx's
 * {@code ip_hash}, on a consistent-hash ring so that losing an instance moves only its
 * clients. The address is the peer's, or the one forwarded by a trusted proxy.
 */
public final class IpHashPolicy implements LoadBalancingPolicy {

	private final HashRings rings = new HashRings();

	private final RandomPolicy fallback = new RandomPolicy();

	private final BalancerStatistics statistics;

	/**
	 * Create the policy.
	 * @param statistics the in-flight counts, for {@code hashBalanceFactor}
	 */
	public IpHashPolicy(BalancerStatistics statistics) {
		this.statistics = statistics;
	}

	@Override
	public String name() {
		return PolicyCatalog.IP_HASH;
	}

	@Override
	public @Nullable Selection choose(Candidates candidates, BalancingRequest request) {
		if (candidates.isEmpty()) {
			return null;
		}
		InetAddress address = request.clientAddress();
		if (address == null) {
			Selection random = this.fallback.choose(candidates, request);
			return (random != null) ? Selection.of(random.instance(),
					request.explain() ? "client address unknown, " + random.reason() : null) : null;
		}
		String key = address.getHostAddress();
		BoundedLoads.Located located = BoundedLoads.locate(this.rings.of(candidates.available()), key,
				candidates.available(), request.hashBalanceFactor(), this.statistics);
		ServiceInstance instance = (located != null) ? located.instance() : null;
		return (instance != null)
				? Selection.of(instance,
						request.explain() ? "client " + key + " hashes here"
								+ ((located.movedFrom() != null) ? ", bounded load: past " + located.movedFrom() : "")
								: null)
				: null;
	}

}
