package dev.switchyard.gateway.balancer.policy;

import java.util.List;
import java.util.stream.Collectors;

import dev.switchyard.registry.client.RegisteredInstance;
import dev.switchyard.registry.client.discovery.RegistryServiceInstance;

import org.springframework.cloud.client.ServiceInstance;

/**
 * What the balancer reads from an instance: its registry status and weight, with the
 * defaults of an instance that does not come from the registry.
 */
public final class ServiceInstances {

	private ServiceInstances() {
	}

	/**
	 * Return the registry status of an instance.
	 * @param instance the instance
	 * @return {@code UP}, {@code DRAINING} or {@code DOWN}; {@code UP} for an instance
	 * from elsewhere
	 */
	public static String status(ServiceInstance instance) {
		if (instance instanceof RegistryServiceInstance registered && registered.getStatus() != null) {
			return registered.getStatus();
		}
		return RegisteredInstance.UP;
	}

	/**
	 * Return the weight of an instance from its {@code weight} metadata.
	 * @param instance the instance
	 * @return the weight, at least 1
	 */
	public static int weight(ServiceInstance instance) {
		if (instance instanceof RegistryServiceInstance registered) {
			return registered.getWeight();
		}
		return RegistryServiceInstance.weightOf(instance.getMetadata());
	}

	/**
	 * Return the ids of instances, for explanations.
	 * @param instances the instances
	 * @return their ids, comma separated
	 */
	public static String ids(List<? extends ServiceInstance> instances) {
		return instances.stream().map(ServiceInstance::getInstanceId).collect(Collectors.joining(","));
	}

}
