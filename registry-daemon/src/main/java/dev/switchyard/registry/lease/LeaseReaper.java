package dev.switchyard.registry.lease;

import dev.switchyard.registry.instance.InstanceStore;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Removes instances whose lease ran out, every {@code registry.lease.reap-interval}.
 */
@Component
public class LeaseReaper implements SchedulingConfigurer {

	private final InstanceStore store;

	private final LeaseProperties properties;

	public LeaseReaper(InstanceStore store, LeaseProperties properties) {
		this.store = store;
		this.properties = properties;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(this::reap, this.properties.reapInterval());
	}

	/**
	 * Remove the instances whose lease ran out; the store logs and counts each one.
	 */
	public void reap() {
		this.store.expireLeases();
	}

}
