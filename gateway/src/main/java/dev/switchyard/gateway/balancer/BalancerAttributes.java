package dev.switchyard.gateway.balancer;

/**
 * Exchange attributes the balancing filter shares with the load balancer and the response
 * filters.
 */
public final class BalancerAttributes {

	/**
	 * The instances that failed for this request, as a {@code Map<String, String>} of
	 * reasons by instance id.
	 */
	public static final String EXCLUDED_INSTANCES = BalancerAttributes.class.getName() + ".excludedInstances";

	/** The client's {@link java.net.InetAddress}, as {@code ip-hash} sees it. */
	public static final String CLIENT_ADDRESS = BalancerAttributes.class.getName() + ".clientAddress";

	/** The {@code UpstreamCall} of the attempt whose answer is being sent. */
	public static final String UPSTREAM_CALL = BalancerAttributes.class.getName() + ".upstreamCall";

	/** The number of retries made for this request, an {@link Integer}. */
	public static final String RETRIES = BalancerAttributes.class.getName() + ".retries";

	/**
	 * The request's {@code dev.switchyard.gateway.balancer.attempt.Attempts}: the
	 * instances tried and the notes of retries and refusals for {@code X-LB-Decision}.
	 */
	public static final String ATTEMPTS = BalancerAttributes.class.getName() + ".attempts";

	private BalancerAttributes() {
	}

}
