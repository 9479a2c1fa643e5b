package dev.switchyard.registry.instance;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Publishes the registry's state: instances by service and status, removals by reason,
 * the index and the waiting blocking queries.
 */
public class InstanceMetrics implements MeterBinder {

	private final InstanceStore store;

	private final Set<String> services = ConcurrentHashMap.newKeySet();

	public InstanceMetrics(InstanceStore store) {
		this.store = store;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		registerServices(registry);
		this.store.onRegistration((service) -> registerServices(registry));
		for (RemovalReason reason : RemovalReason.values()) {
			FunctionCounter.builder("registry.instances.removed", this.store, (store) -> store.removals(reason))
				.description("Instances removed from the registry")
				.tag("reason", reason.name())
				.register(registry);
		}
		FunctionCounter.builder("registry.registrations", this.store, InstanceStore::registrations)
			.description("Registrations, including re-registrations after a daemon restart or an expiry")
			.register(registry);
		Gauge.builder("registry.index", this.store, InstanceStore::index)
			.description("Index of the last change to the registry")
			.register(registry);
		Gauge.builder("registry.queries.waiting", this.store, InstanceStore::waiting)
			.description("Blocking queries waiting for a change")
			.register(registry);
	}

	/**
	 * Register {@code registry.instances} for each service the registry holds and has no
	 * gauges yet: one per service and status. A service that leaves keeps its gauges, at
	 * 0.
	 */
	private void registerServices(MeterRegistry registry) {
		for (String service : this.store.serviceNames()) {
			if (this.services.add(service)) {
				for (InstanceStatus status : InstanceStatus.values()) {
					Gauge.builder("registry.instances", this.store, (store) -> store.count(service, status))
						.description("Registered instances")
						.tag("service", service)
						.tag("status", status.name())
						.register(registry);
				}
			}
		}
	}

}
