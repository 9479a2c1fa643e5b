package dev.switchyard.gateway.balancer;

import org.jspecify.annotations.Nullable;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.http.ResponseCookie;

/**
 * The load balancer's answer: the instance, and the policy that picked it, why, and a
 * cookie to set, for the response headers.
 */
public class PolicyResponse extends DefaultResponse {

	private final String policy;

	private final @Nullable String decision;

	private final @Nullable ResponseCookie cookie;

	/**
	 * Create a response.
	 * @param instance the instance picked
	 * @param policy the policy that picked it
	 * @param decision the explanation, {@code null} unless asked for
	 * @param cookie a cookie to set on the response, if any
	 */
	public PolicyResponse(ServiceInstance instance, String policy, @Nullable String decision,
			@Nullable ResponseCookie cookie) {
		super(instance);
		this.policy = policy;
		this.decision = decision;
		this.cookie = cookie;
	}

	/**
	 * Return the policy that picked the instance.
	 * @return the policy's name
	 */
	public String getPolicy() {
		return this.policy;
	}

	/**
	 * Return the explanation of the pick.
	 * @return the candidates considered and why the pick won, or {@code null}
	 */
	public @Nullable String getDecision() {
		return this.decision;
	}

	/**
	 * Return the cookie to set on the response.
	 * @return the cookie, or {@code null}
	 */
	public @Nullable ResponseCookie getCookie() {
		return this.cookie;
	}

}
