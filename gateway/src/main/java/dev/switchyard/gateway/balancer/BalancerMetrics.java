package dev.switchyard.gateway.balancer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import dev.switchyard.gateway.balancer.stats.BalancerStatistics;
import dev.switchyard.gateway.balancer.stats.InstanceStats;

/**
 * The balancer's metrics, per instance: requests in flight, the EWMA latency, ejection,
 * finished and failed attempts, the latency histogram of attempts by outcome and the
 * picks by policy; and retries per service.
 * <p>
 * The instance is tagged {@code upstream_instance}: {@code instance} is the label
 * Prometheus gives every scraped series (it would rename ours to
 * {@code exported_instance}), and {@code instance_id} is the gateway's own, a common tag.
 * <p>
 * The meters of attempts are looked up once per instance, policy and outcome and then
 * kept: building their tags and finding them in the registry on every request cost more
 * than recording. Every meter of an instance is removed from the registry when its
 * statistics are dropped, that is when it leaves the registry, so that the series do not
 * pile up with every rollout.
 */
public class BalancerMetrics implements MeterBinder {

	private static final Duration MIN_EXPECTED = Duration.ofMillis(1);

	private static final Duration MAX_EXPECTED = Duration.ofSeconds(30);

	private final BalancerStatistics statistics;

	private final Map<MeterKey, Counter> picks = new ConcurrentHashMap<>();

	private final Map<MeterKey, Timer> attempts = new ConcurrentHashMap<>();

	private final Map<InstanceKey, List<Meter>> instanceMeters = new ConcurrentHashMap<>();

	private volatile MeterRegistry registry;

	/**
	 * Create the metrics of the balancer's statistics.
	 * @param statistics the statistics
	 */
	public BalancerMetrics(BalancerStatistics statistics) {
		this.statistics = statistics;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.picks.clear();
		this.attempts.clear();
		this.instanceMeters.clear();
		this.registry = registry;
		this.statistics.onNewInstance((stats) -> this.instanceMeters
			.put(new InstanceKey(stats.serviceId(), stats.instanceId()), register(registry, stats)));
		this.statistics.onRemovedInstance((stats) -> remove(registry, stats.serviceId(), stats.instanceId()));
	}

	/**
	 * Return how many instances this object holds meters of, for tests that check it
	 * stays bounded.
	 * @return the number of instances with meters
	 */
	int instancesWithMeters() {
		return this.instanceMeters.size();
	}

	private void remove(MeterRegistry registry, String serviceId, String instanceId) {
		List<Meter> meters = this.instanceMeters.remove(new InstanceKey(serviceId, instanceId));
		if (meters != null) {
			meters.forEach(registry::remove);
		}
		removeAll(registry, this.picks, serviceId, instanceId);
		removeAll(registry, this.attempts, serviceId, instanceId);
	}

	private static void removeAll(MeterRegistry registry, Map<MeterKey, ? extends Meter> meters, String serviceId,
			String instanceId) {
		meters.entrySet().removeIf((entry) -> {
			MeterKey key = entry.getKey();
			if (key.serviceId().equals(serviceId) && key.instanceId().equals(instanceId)) {
				registry.remove(entry.getValue());
				return true;
			}
			return false;
		});
	}

	/**
	 * Record one attempt to send a request to an instance.
	 * @param serviceId the service
	 * @param instanceId the instance
	 * @param policy the policy that picked it
	 * @param outcome the status class ({@code 2xx} ...) or the failure ({@code connect},
	 * {@code broken}, {@code error})
	 * @param nanos the time to the answer or the failure
	 */
	public void attempt(String serviceId, String instanceId, String policy, String outcome, long nanos) {
		MeterRegistry registry = this.registry;
		if (registry != null) {
			pickCounter(registry, new MeterKey(serviceId, instanceId, policy)).increment();
			attemptTimer(registry, new MeterKey(serviceId, instanceId, outcome)).record(nanos, TimeUnit.NANOSECONDS);
		}
	}

	private Counter pickCounter(MeterRegistry registry, MeterKey key) {
		Counter counter = this.picks.get(key);
		if (counter != null) {
			return counter;
		}
		return this.picks.computeIfAbsent(key,
				(k) -> Counter.builder("gateway.lb.picks")
					.description("Instances picked, by policy")
					.tags("service", k.serviceId(), "upstream_instance", k.instanceId(), "policy", k.value())
					.register(registry));
	}

	private Timer attemptTimer(MeterRegistry registry, MeterKey key) {
		Timer timer = this.attempts.get(key);
		if (timer != null) {
			return timer;
		}
		return this.attempts.computeIfAbsent(key,
				(k) -> Timer.builder("gateway.lb.attempts")
					.description("Attempts to send a request to an instance, by the time to its answer")
					.tags("service", k.serviceId(), "upstream_instance", k.instanceId(), "outcome", k.value())
					.publishPercentileHistogram()
					.minimumExpectedValue(MIN_EXPECTED)
					.maximumExpectedValue(MAX_EXPECTED)
					.register(registry));
	}

	/**
	 * Record a retry on another instance.
	 * @param serviceId the service
	 * @param reason {@code connect}, {@code broken} or {@code status}
	 */
	public void retry(String serviceId, String reason) {
		MeterRegistry registry = this.registry;
		if (registry != null) {
			Counter.builder("gateway.lb.retries")
				.description("Requests tried again on another instance")
				.tags("service", serviceId, "reason", reason)
				.register(registry)
				.increment();
		}
	}

	/**
	 * Record a hedged request.
	 * @param serviceId the service
	 * @param result {@code sent} when the second attempt goes out; once decided,
	 * {@code hedge} when it answered first, {@code first} when the first attempt did
	 */
	public void hedge(String serviceId, String result) {
		MeterRegistry registry = this.registry;
		if (registry != null) {
			Counter.builder("gateway.lb.hedges")
				.description("Second attempts of idempotent requests after the hedge delay, and which answered first")
				.tags("service", serviceId, "result", result)
				.register(registry)
				.increment();
		}
	}

	/**
	 * Record a retry the route's retry budget refused.
	 * @param serviceId the service
	 * @param routeId the route, {@code null} outside a route
	 */
	public void budgetExhausted(String serviceId, @Nullable String routeId) {
		MeterRegistry registry = this.registry;
		if (registry != null) {
			Counter.builder("gateway.lb.retry.budget.exhausted")
				.description("Retries refused by the route's retry budget: the client got the original failure")
				.tags("service", serviceId, "route", (routeId != null) ? routeId : "")
				.register(registry)
				.increment();
		}
	}

	private static List<Meter> register(MeterRegistry registry, InstanceStats stats) {
		Tags tags = Tags.of("service", stats.serviceId(), "upstream_instance", stats.instanceId());
		List<Meter> meters = new ArrayList<>();
		meters.add(Gauge.builder("gateway.lb.in.flight", stats, InstanceStats::inFlight)
			.description("Requests sent to the instance and not finished")
			.tags(tags)
			.register(registry));
		meters.add(Gauge.builder("gateway.lb.latency.ewma", stats, (s) -> s.ewmaNanos() / 1e9)
			.description("Peak EWMA of the instance's latency")
			.baseUnit("seconds")
			.tags(tags)
			.register(registry));
		meters.add(Gauge.builder("gateway.lb.ejected", stats, (s) -> s.isEjected() ? 1 : 0)
			.description("1 while the instance is ejected after repeated failures")
			.tags(tags)
			.register(registry));
		meters.add(FunctionCounter.builder("gateway.lb.requests", stats, InstanceStats::requests)
			.description("Attempts sent to the instance that have finished")
			.tags(tags)
			.register(registry));
		meters.add(FunctionCounter.builder("gateway.lb.failures", stats, InstanceStats::failures)
			.description("Attempts that failed: no connection, a broken one, a timeout or a 5xx")
			.tags(tags)
			.register(registry));
		meters.add(FunctionCounter.builder("gateway.lb.ejections", stats, InstanceStats::ejectionCount)
			.description("Times the instance was ejected")
			.tags(tags)
			.register(registry));
		meters.add(FunctionCounter
			.builder("gateway.lb.ejections.success.rate", stats, InstanceStats::successRateEjectionCount)
			.description("Times the instance was ejected for a success rate below the other instances'")
			.tags(tags)
			.register(registry));
		return meters;
	}

	/**
	 * What tells one instance's meter apart: the policy of a pick, the outcome of an
	 * attempt.
	 */
	private record MeterKey(String serviceId, String instanceId, String value) {

	}

	private record InstanceKey(String serviceId, String instanceId) {

	}

}
