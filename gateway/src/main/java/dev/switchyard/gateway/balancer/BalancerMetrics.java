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

	/**
	 * The meters of attempts, by service and instance: found on every request by two
	 * lookups of strings, without building a key.
	 */
	private final Map<String, Map<String, AttemptMeters>> attempts = new ConcurrentHashMap<>();

	/** The counters of retries, hedges and refused retries, by service and reason. */
	private final Map<ServiceCounterKey, Counter> serviceCounters = new ConcurrentHashMap<>();

	private final Map<InstanceKey, List<Meter>> instanceMeters = new ConcurrentHashMap<>();

	private volatile @Nullable MeterRegistry registry;

	/**
	 * Create the metrics of the balancer's statistics.
	 * @param statistics the statistics
	 */
	public BalancerMetrics(BalancerStatistics statistics) {
		this.statistics = statistics;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.attempts.clear();
		this.serviceCounters.clear();
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
		Map<String, AttemptMeters> service = this.attempts.get(serviceId);
		AttemptMeters attemptMeters = (service != null) ? service.remove(instanceId) : null;
		if (attemptMeters != null) {
			attemptMeters.removeFrom(registry);
		}
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
			AttemptMeters meters = attemptMeters(registry, serviceId, instanceId);
			meters.pick(policy).increment();
			meters.attempt(outcome).record(nanos, TimeUnit.NANOSECONDS);
		}
	}

	private AttemptMeters attemptMeters(MeterRegistry registry, String serviceId, String instanceId) {
		Map<String, AttemptMeters> service = this.attempts.get(serviceId);
		if (service == null) {
			service = this.attempts.computeIfAbsent(serviceId, (k) -> new ConcurrentHashMap<>());
		}
		AttemptMeters meters = service.get(instanceId);
		if (meters == null) {
			meters = service.computeIfAbsent(instanceId, (k) -> new AttemptMeters(registry, serviceId, instanceId));
		}
		return meters;
	}

	/**
	 * Record a retry on another instance.
	 * @param serviceId the service
	 * @param reason {@code connect}, {@code broken} or {@code status}
	 */
	public void retry(String serviceId, String reason) {
		count("gateway.lb.retries", "Requests tried again on another instance", serviceId, "reason", reason);
	}

	/**
	 * Record a hedged request.
	 * @param serviceId the service
	 * @param result {@code sent} when the second attempt goes out; once decided,
	 * {@code hedge} when it answered first, {@code first} when the first attempt did
	 */
	public void hedge(String serviceId, String result) {
		count("gateway.lb.hedges",
				"Second attempts of idempotent requests after the hedge delay, and which answered first", serviceId,
				"result", result);
	}

	/**
	 * Record a retry the route's retry budget refused.
	 * @param serviceId the service
	 * @param routeId the route, {@code null} outside a route
	 */
	public void budgetExhausted(String serviceId, @Nullable String routeId) {
		count("gateway.lb.retry.budget.exhausted",
				"Retries refused by the route's retry budget: the client got the original failure", serviceId, "route",
				(routeId != null) ? routeId : "");
	}

	private void count(String name, String description, String serviceId, String tag, String value) {
		MeterRegistry registry = this.registry;
		if (registry != null) {
			this.serviceCounters
				.computeIfAbsent(new ServiceCounterKey(name, serviceId, value),
						(key) -> Counter.builder(name)
							.description(description)
							.tags("service", serviceId, tag, value)
							.register(registry))
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
	 * The meters of one instance's attempts: its picks by policy and its attempts by
	 * outcome, each a handful.
	 */
	private static final class AttemptMeters {

		private final MeterRegistry registry;

		private final String serviceId;

		private final String instanceId;

		private final Map<String, Counter> picks = new ConcurrentHashMap<>();

		private final Map<String, Timer> attempts = new ConcurrentHashMap<>();

		AttemptMeters(MeterRegistry registry, String serviceId, String instanceId) {
			this.registry = registry;
			this.serviceId = serviceId;
			this.instanceId = instanceId;
		}

		Counter pick(String policy) {
			Counter counter = this.picks.get(policy);
			if (counter != null) {
				return counter;
			}
			return this.picks.computeIfAbsent(policy,
					(k) -> Counter.builder("gateway.lb.picks")
						.description("Instances picked, by policy")
						.tags("service", this.serviceId, "upstream_instance", this.instanceId, "policy", k)
						.register(this.registry));
		}

		Timer attempt(String outcome) {
			Timer timer = this.attempts.get(outcome);
			if (timer != null) {
				return timer;
			}
			return this.attempts.computeIfAbsent(outcome,
					(k) -> Timer.builder("gateway.lb.attempts")
						.description("Attempts to send a request to an instance, by the time to its answer")
						.tags("service", this.serviceId, "upstream_instance", this.instanceId, "outcome", k)
						.publishPercentileHistogram()
						.minimumExpectedValue(MIN_EXPECTED)
						.maximumExpectedValue(MAX_EXPECTED)
						.register(this.registry));
		}

		void removeFrom(MeterRegistry registry) {
			this.picks.values().forEach(registry::remove);
			this.attempts.values().forEach(registry::remove);
		}

	}

	private record ServiceCounterKey(String name, String serviceId, String value) {

	}

	private record InstanceKey(String serviceId, String instanceId) {

	}

}
