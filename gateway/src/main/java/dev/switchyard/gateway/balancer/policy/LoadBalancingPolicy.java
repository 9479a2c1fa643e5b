package dev.switchyard.gateway.balancer.policy;

import org.jspecify.annotations.Nullable;

/**
 * A way of picking one instance among the candidates for a request, known by the name the
 * contract gives it ({@code round-robin}, {@code p2c} ...). One policy object is created
 * per service, so a policy may keep state such as a rotation counter.
 */
public interface LoadBalancingPolicy {

	/**
	 * Return the policy's contract name.
	 * @return the name, such as {@code round-robin}
	 */
	String name();

	/**
	 * Pick an instance.
	 * @param candidates the instances that may take the request
	 * @param request what is known of the request
	 * @return the selection, or {@code null} when no candidate fits
	 */
	@Nullable Selection choose(Candidates candidates, BalancingRequest request);

	/**
	 * Return whether this policy picks by weight, so that a warming instance gets a lower
	 * weight ({@link Candidates#share}) rather than a lower chance to be a candidate.
	 * @return {@code true} for a weighted policy
	 */
	default boolean weighted() {
		return false;
	}

}
