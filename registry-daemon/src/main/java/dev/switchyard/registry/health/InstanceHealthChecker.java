package dev.switchyard.registry.health;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.switchyard.registry.instance.HealthTarget;
import dev.switchyard.registry.instance.InstanceStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.log.LogMessage;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Checks every registered instance every {@code registry.health.interval}, each check on
 * its own virtual thread, and reports health transitions to the {@link InstanceStore}.
 */
@Component
public class InstanceHealthChecker implements SchedulingConfigurer, DisposableBean {

	private static final Log logger = LogFactory.getLog(InstanceHealthChecker.class);

	private final InstanceStore store;

	private final HealthCheckProperties properties;

	private final HttpHealthProbe probe;

	private final ExecutorService checks = Executors.newVirtualThreadPerTaskExecutor();

	private final Map<Long, Tracked> tracked = new ConcurrentHashMap<>();

	private final MeterRegistry meters;

	public InstanceHealthChecker(InstanceStore store, HealthCheckProperties properties, MeterRegistry meters) {
		this.store = store;
		this.properties = properties;
		this.meters = meters;
		this.probe = new HttpHealthProbe(properties.timeout(), properties.path());
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		if (this.properties.enabled()) {
			registrar.addFixedDelayTask(this::checkAll, this.properties.interval());
		}
		else {
			logger.info("Active health checks are disabled (registry.health.enabled=false)");
		}
	}

	/**
	 * Start a check of every registered instance that is not being checked already.
	 */
	public void checkAll() {
		List<HealthTarget> targets = this.store.healthTargets();
		Set<Long> registered = new HashSet<>();
		for (HealthTarget target : targets) {
			registered.add(target.generation());
			Tracked state = this.tracked.computeIfAbsent(target.generation(),
					(generation) -> new Tracked(new CheckHistory(this.properties.fall(), this.properties.rise())));
			if (state.running.compareAndSet(false, true)) {
				try {
					this.checks.execute(() -> check(target, state));
				}
				catch (RejectedExecutionException ex) {
					state.running.set(false);
					return;
				}
			}
		}
		this.tracked.keySet().retainAll(registered);
	}

	/**
	 * Return the last checks of every instance being checked.
	 * @return the checks of each instance, sorted by service and instance id
	 */
	public List<InstanceChecks> recentChecks() {
		List<InstanceChecks> result = new ArrayList<>();
		for (Tracked state : this.tracked.values()) {
			HealthTarget target = state.target;
			if (target != null) {
				result.add(new InstanceChecks(target.instance().service(), target.instance().instanceId(),
						state.recent.list()));
			}
		}
		result.sort(Comparator.comparing(InstanceChecks::service).thenComparing(InstanceChecks::instanceId));
		return result;
	}

	private void check(HealthTarget target, Tracked state) {
		try {
			state.target = target;
			long started = System.nanoTime();
			ProbeResult result = this.probe.probe(target.instance());
			state.recent.add(new RecentChecks.Check(Instant.now(), result.outcome(),
					TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), result.description()));
			this.meters.counter("registry.health.checks", "outcome", result.outcome().name()).increment();
			if (logger.isTraceEnabled()) {
				logger.trace(LogMessage.format("%s: %s", target.instance().key(), result.description()));
			}
			if (state.history.record(result.outcome())) {
				this.store.updateHealth(target, state.history.isHealthy(), result.description());
			}
		}
		catch (RuntimeException ex) {
			logger.warn(LogMessage.format("Health check of %s failed unexpectedly", target.instance().key()), ex);
		}
		finally {
			state.running.set(false);
		}
	}

	@Override
	public void destroy() {
		this.checks.shutdownNow();
		this.probe.close();
	}

	private static final class Tracked {

		private final CheckHistory history;

		private final AtomicBoolean running = new AtomicBoolean();

		private final RecentChecks recent = new RecentChecks();

		private volatile HealthTarget target;

		Tracked(CheckHistory history) {
			this.history = history;
		}

	}

	/**
	 * The last checks of one instance.
	 *
	 * @param service the service
	 * @param instanceId the instance
	 * @param checks its last checks, newest first
	 */
	public record InstanceChecks(String service, String instanceId, List<RecentChecks.Check> checks) {

	}

}
