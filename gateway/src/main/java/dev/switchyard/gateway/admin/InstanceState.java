package dev.switchyard.gateway.admin;

import dev.switchyard.gateway.balancer.policy.ServiceInstances;
import dev.switchyard.gateway.balancer.stats.InstanceStats;

import org.springframework.cloud.client.ServiceInstance;

/**
 * One instance in {@code GET /admin/lb}.
 *
 * @param service the service
 * @param instanceId the instance id
 * @param host the host
 * @param port the port
 * @param status {@code UP}, {@code DRAINING} or {@code DOWN}
 * @param weight the {@code weight} metadata
 * @param inFlight the requests in flight
 * @param ewmaMillis the peak EWMA latency, in milliseconds
 * @param ejected whether the instance is ejected after repeated failures
 * @param requests the attempts finished
 * @param failures the attempts failed
 */
public record InstanceState(String service, String instanceId, String host, int port, String status, int weight,
		int inFlight, double ewmaMillis, boolean ejected, long requests, long failures) {

	static InstanceState of(ServiceInstance instance, InstanceStats stats) {
		return new InstanceState(instance.getServiceId(), instance.getInstanceId(), instance.getHost(),
				instance.getPort(), ServiceInstances.status(instance), ServiceInstances.weight(instance),
				stats.inFlight(), Math.round(stats.ewmaMillis() * 100) / 100.0, stats.isEjected(), stats.requests(),
				stats.failures());
	}

}
