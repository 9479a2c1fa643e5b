package dev.switchyard.gateway.balancer.policy;

import org.jspecify.annotations.Nullable;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.http.ResponseCookie;

/**
 * A policy's pick.
 *
 * @param instance the instance picked
 * @param reason why it won, for {@code X-LB-Decision}; {@code null} when the request did
 * not ask for an explanation
 * @param cookie a cookie to set on the response, such as the affinity cookie
 */
public record Selection(ServiceInstance instance, @Nullable String reason, @Nullable ResponseCookie cookie) {

	/**
	 * Create a selection without cookie.
	 * @param instance the instance picked
	 * @param reason why it won, or {@code null}
	 * @return the selection
	 */
	public static Selection of(ServiceInstance instance, @Nullable String reason) {
		return new Selection(instance, reason, null);
	}

}
