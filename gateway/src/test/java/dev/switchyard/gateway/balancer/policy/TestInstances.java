package dev.switchyard.gateway.balancer.policy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.switchyard.registry.client.RegisteredInstance;
import dev.switchyard.registry.client.discovery.RegistryServiceInstance;

import org.springframework.cloud.client.ServiceInstance;

/**
 * Registry instances for unit tests.
 */
public final class TestInstances {

	/** The service of every test instance. */
	public static final String SERVICE = "node-service";

	private TestInstances() {
	}

	public static ServiceInstance up(String instanceId) {
		return instance(instanceId, RegisteredInstance.UP, 1);
	}

	public static ServiceInstance weighted(String instanceId, int weight) {
		return instance(instanceId, RegisteredInstance.UP, weight);
	}

	public static ServiceInstance draining(String instanceId) {
		return instance(instanceId, RegisteredInstance.DRAINING, 1);
	}

	public static ServiceInstance down(String instanceId) {
		return instance(instanceId, RegisteredInstance.DOWN, 1);
	}

	public static ServiceInstance instance(String instanceId, String status, int weight) {
		int port = 8000 + Math.floorMod(instanceId.hashCode(), 1000);
		return new RegistryServiceInstance(new RegisteredInstance(SERVICE, instanceId, "127.0.0.1", port, status,
				Map.of("weight", String.valueOf(weight)), 10, Instant.EPOCH, Instant.EPOCH));
	}

	/**
	 * Return {@code count} UP instances named {@code node-0}, {@code node-1} ...
	 * @param count the number of instances
	 * @return the instances, in id order
	 */
	public static List<ServiceInstance> nodes(int count) {
		List<ServiceInstance> instances = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			instances.add(up("node-" + i));
		}
		return instances;
	}

	public static BalancingRequest request() {
		return BalancingRequest.builder(SERVICE).routeId("api").build();
	}

	/**
	 * Pick {@code times} times and count the picks of each instance.
	 * @param policy the policy
	 * @param candidates the candidates
	 * @param times how many picks
	 * @return picks by instance id, in first-pick order
	 */
	public static Map<String, Integer> pick(LoadBalancingPolicy policy, Candidates candidates, int times) {
		Map<String, Integer> counts = new LinkedHashMap<>();
		for (int i = 0; i < times; i++) {
			counts.merge(policy.choose(candidates, request()).instance().getInstanceId(), 1, Integer::sum);
		}
		return counts;
	}

}
