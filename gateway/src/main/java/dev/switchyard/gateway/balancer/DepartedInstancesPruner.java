package dev.switchyard.gateway.balancer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import java.util.function.Function;

import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import dev.switchyard.gateway.balancer.stats.BalancerStatistics;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.cloud.client.ServiceInstance;

/**
 * Drops the balancer's statistics, and so the meters, of every instance that has left the
 * registry: for each service the balancer has sent requests to, it follows the registry's
 * instance lists and keeps only the instances each list names. Without it every instance
 * ever seen (each pod of each Kubernetes rollout) would keep its state and its series for
 * the life of the gateway.
 */
public class DepartedInstancesPruner implements DisposableBean {

	private final BalancerStatistics statistics;

	private final Function<String, Flux<? extends List<? extends ServiceInstance>>> instances;

	private final Map<String, Disposable> followed = new ConcurrentHashMap<>();

	/**
	 * Create the pruner and follow every service the statistics know or will know.
	 * @param statistics the balancer's statistics
	 * @param instances a service's instances now and after each change in the registry
	 */
	public DepartedInstancesPruner(BalancerStatistics statistics,
			Function<String, Flux<? extends List<? extends ServiceInstance>>> instances) {
		this.statistics = statistics;
		this.instances = instances;
		statistics.onNewInstance((stats) -> follow(stats.serviceId()));
	}

	private void follow(String serviceId) {
		if (this.followed.containsKey(serviceId)) {
			return;
		}
		// claim the service first and subscribe outside the map's lock: subscribing
		// starts the registry's watcher, which must never be waited for while the map
		// is locked
		Disposable.Swap subscription = Disposables.swap();
		if (this.followed.putIfAbsent(serviceId, subscription) != null) {
			return;
		}
		subscription.update(this.instances.apply(serviceId)
			// not on the thread that is creating an instance's statistics
			.publishOn(Schedulers.boundedElastic())
			.subscribe((instances) -> prune(serviceId, instances)));
	}

	private void prune(String serviceId, List<? extends ServiceInstance> instances) {
		this.statistics.retain(serviceId, instances.stream().map(ServiceInstance::getInstanceId).toList());
	}

	@Override
	public void destroy() {
		this.followed.values().forEach(Disposable::dispose);
		this.followed.clear();
	}

}
