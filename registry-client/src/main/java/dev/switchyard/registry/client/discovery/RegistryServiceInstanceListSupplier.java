package dev.switchyard.registry.client.discovery;

import java.time.Duration;
import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

/**
 * Feeds Spring Cloud LoadBalancer straight from a {@link ServiceWatcher}: every instance
 * the registry knows, with its status, and no cache between them, so a change reaches the
 * balancer as soon as the blocking query returns.
 */
public class RegistryServiceInstanceListSupplier implements ServiceInstanceListSupplier {

	private final ServiceWatcher watcher;

	private final Duration initialTimeout;

	/**
	 * Create a supplier of the watcher's instances.
	 * @param watcher the watcher of the service
	 * @param initialTimeout how long a lookup made before the first answer waits for it
	 */
	public RegistryServiceInstanceListSupplier(ServiceWatcher watcher, Duration initialTimeout) {
		this.watcher = watcher;
		this.initialTimeout = initialTimeout;
	}

	@Override
	public String getServiceId() {
		return this.watcher.service();
	}

	@Override
	public Flux<List<ServiceInstance>> get() {
		List<RegistryServiceInstance> current = this.watcher.current();
		if (current != null) {
			return Flux.just(List.copyOf(current));
		}
		return this.watcher.updates()
			.next()
			.timeout(this.initialTimeout, Mono.just(List.of()))
			.<List<ServiceInstance>>map(List::copyOf)
			.flux();
	}

}
