package dev.switchyard.gateway.console;

import java.util.List;
import java.util.Map;

import dev.switchyard.gateway.balancer.RoutePolicy;

/**
 * What the console shows, readable without a token: the policy of each balanced route,
 * the policies to choose from and each instance's state. It holds no token, no cookie key
 * and no instance metadata other than the weight.
 *
 * @param routes the policy of each balanced route, by route id
 * @param policies the names of the policies a route may switch to
 * @param instances the instances of the balanced services
 * @param window how many of the last requests the shares are counted over, at most
 * @param recentRequests how many requests the shares are counted over now
 * @param drainAvailable whether the gateway can change an instance's status in the
 * registry ({@code REGISTRY_TOKEN} is set)
 * @param connections the client connections open on this gateway
 */
public record ClusterState(Map<String, RoutePolicy> routes, List<String> policies, List<Instance> instances, int window,
		int recentRequests, boolean drainAvailable, int connections) {

	/**
	 * One instance.
	 *
	 * @param service the service
	 * @param instanceId the instance id
	 * @param host the host
	 * @param port the port
	 * @param status {@code UP}, {@code DRAINING} or {@code DOWN}, as the registry says
	 * @param weight the {@code weight} metadata
	 * @param inFlight the requests in flight
	 * @param ewmaMillis the peak EWMA latency, in milliseconds
	 * @param ejected whether the gateway ejected it after repeated failures
	 * @param requests the attempts finished since the gateway started
	 * @param failures the attempts failed since the gateway started
	 * @param recent the answers among the last {@code recentRequests} requests
	 * @param share {@code recent} as a fraction of {@code recentRequests}, 0 when there
	 * were none
	 * @param p50Millis the median latency of its answers among the last requests, 0 when
	 * there were none
	 * @param p99Millis the 99th percentile of the same
	 */
	public record Instance(String service, String instanceId, String host, int port, String status, int weight,
			int inFlight, double ewmaMillis, boolean ejected, long requests, long failures, int recent, double share,
			double p50Millis, double p99Millis) {

	}

}
