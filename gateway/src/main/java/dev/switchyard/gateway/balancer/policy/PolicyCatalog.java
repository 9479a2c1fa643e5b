package dev.switchyard.gateway.balancer.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.switchyard.gateway.balancer.stats.BalancerStatistics;

/**
 * The policies the gateway offers, by contract name, and a new instance of any of them
 * for each service that uses it.
 */
public final class PolicyCatalog {

	/** Each available instance in turn. */
	public static final String ROUND_ROBIN = "round-robin";

	/** Smooth weighted round robin on the {@code weight} metadata. */
	public static final String WEIGHTED_ROUND_ROBIN = "weighted-round-robin";

	/** A uniformly random instance. */
	public static final String RANDOM = "random";

	/** The fewest requests in flight per weight. */
	public static final String LEAST_CONNECTIONS = "least-connections";

	/** The power of two random choices on requests in flight. */
	public static final String P2C = "p2c";

	/** Peak-EWMA latency with an in-flight penalty. */
	public static final String EWMA = "ewma";

	/** The client's address on a consistent-hash ring. */
	public static final String IP_HASH = "ip-hash";

	/** The route's hash key on a consistent-hash ring. */
	public static final String CONSISTENT_HASH = "consistent-hash";

	/** Affinity by the signed {@code SY_NODE} cookie. */
	public static final String STICKY_COOKIE = "sticky-cookie";

	private final Map<String, Supplier<LoadBalancingPolicy>> factories = new LinkedHashMap<>();

	/**
	 * Create the catalog.
	 * @param statistics the statistics the load-aware policies read
	 * @param stickyKey the key that signs affinity cookies
	 */
	public PolicyCatalog(BalancerStatistics statistics, byte[] stickyKey) {
		this(statistics, List.of(stickyKey));
	}

	/**
	 * Create the catalog with affinity keys in rotation.
	 * @param statistics the statistics the load-aware policies read
	 * @param stickyKeys the keys that verify affinity cookies, the first of which signs
	 * them
	 */
	public PolicyCatalog(BalancerStatistics statistics, List<byte[]> stickyKeys) {
		List<byte[]> keys = stickyKeys.stream().map(byte[]::clone).toList();
		this.factories.put(ROUND_ROBIN, RoundRobinPolicy::new);
		this.factories.put(WEIGHTED_ROUND_ROBIN, SmoothWeightedRoundRobinPolicy::new);
		this.factories.put(RANDOM, RandomPolicy::new);
		this.factories.put(LEAST_CONNECTIONS, () -> new LeastConnectionsPolicy(statistics));
		this.factories.put(P2C, () -> new PowerOfTwoChoicesPolicy(statistics));
		this.factories.put(EWMA, () -> new PeakEwmaPolicy(statistics));
		this.factories.put(IP_HASH, () -> new IpHashPolicy(statistics));
		this.factories.put(CONSISTENT_HASH, () -> new ConsistentHashPolicy(statistics));
		this.factories.put(STICKY_COOKIE, () -> new StickyCookiePolicy(keys));
	}

	/**
	 * Return the names of the policies, in the contract's order.
	 * @return the names
	 */
	public List<String> names() {
		return List.copyOf(this.factories.keySet());
	}

	/**
	 * Return whether a policy of that name exists.
	 * @param name the name
	 * @return {@code true} if it does
	 */
	public boolean contains(String name) {
		return this.factories.containsKey(name);
	}

	/**
	 * Create a policy.
	 * @param name the policy's name
	 * @return a new policy
	 * @throws IllegalArgumentException for an unknown name, naming the valid ones
	 */
	public LoadBalancingPolicy create(String name) {
		Supplier<LoadBalancingPolicy> factory = this.factories.get(name);
		if (factory == null) {
			throw new IllegalArgumentException(unknown(name));
		}
		return factory.get();
	}

	/**
	 * Return the message for an unknown policy name.
	 * @param name the unknown name
	 * @return a message that names the valid policies
	 */
	public String unknown(String name) {
		return "Unknown policy '" + name + "'; valid policies are " + String.join(", ", names());
	}

}
