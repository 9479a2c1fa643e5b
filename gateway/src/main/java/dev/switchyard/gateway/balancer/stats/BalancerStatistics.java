package dev.switchyard.gateway.balancer.stats;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

import org.springframework.cloud.client.ServiceInstance;

/**
 * Gateway-wide statistics of every instance the balancer has sent requests to, shared by
 * the policies that decide on load or latency and by the admin API.
 */
public class BalancerStatistics {

	private final Map<Key, InstanceStats> instances = new ConcurrentHashMap<>();

	private final List<Consumer<InstanceStats>> listeners = new CopyOnWriteArrayList<>();

	private final List<Consumer<InstanceStats>> removalListeners = new CopyOnWriteArrayList<>();

	private final List<Consumer<InstanceStats>> callEndListeners = new CopyOnWriteArrayList<>();

	private final long decayNanos;

	private final int consecutiveFailures;

	private final long baseEjectionNanos;

	private final long maxEjectionNanos;

	private final Set<Integer> ejectableStatuses;

	private final boolean[] ejectable;

	private final LongSupplier nanoClock;

	private final @Nullable SuccessRateOutliers successRateOutliers;

	/**
	 * When the last ejection in force ends, on the clock: until then a pick looks at each
	 * candidate's ejection, after it none is ejected.
	 */
	private final AtomicLong lastEjectionEnd;

	/**
	 * Create the statistics.
	 * @param decay the time constant of the latency EWMA
	 * @param consecutiveFailures the consecutive failures that eject an instance
	 * @param baseEjectionTime the first ejection's length, multiplied by the number of
	 * ejections for the next ones
	 * @param maxEjectionTime the longest ejection
	 * @param ejectableStatuses the answers that count as failures towards ejection
	 * @param nanoClock the clock, {@code System::nanoTime} outside tests
	 */
	public BalancerStatistics(Duration decay, int consecutiveFailures, Duration baseEjectionTime,
			Duration maxEjectionTime, Set<Integer> ejectableStatuses, LongSupplier nanoClock) {
		this(decay, consecutiveFailures, baseEjectionTime, maxEjectionTime, ejectableStatuses, null, nanoClock);
	}

	/**
	 * Create the statistics.
	 * @param decay the time constant of the latency EWMA
	 * @param consecutiveFailures the consecutive failures that eject an instance
	 * @param baseEjectionTime the first ejection's length, multiplied by the number of
	 * ejections for the next ones
	 * @param maxEjectionTime the longest ejection
	 * @param ejectableStatuses the answers that count as failures towards ejection
	 * @param successRateOutliers the ejection by success rate, {@code null} for none
	 * @param nanoClock the clock, {@code System::nanoTime} outside tests
	 */
	public BalancerStatistics(Duration decay, int consecutiveFailures, Duration baseEjectionTime,
			Duration maxEjectionTime, Set<Integer> ejectableStatuses, @Nullable SuccessRateOutliers successRateOutliers,
			LongSupplier nanoClock) {
		this.successRateOutliers = successRateOutliers;
		this.decayNanos = Math.max(1, decay.toNanos());
		this.consecutiveFailures = consecutiveFailures;
		this.baseEjectionNanos = baseEjectionTime.toNanos();
		this.maxEjectionNanos = maxEjectionTime.toNanos();
		this.ejectableStatuses = Set.copyOf(ejectableStatuses);
		this.ejectable = new boolean[600];
		for (int status : this.ejectableStatuses) {
			if (status >= 0 && status < this.ejectable.length) {
				this.ejectable[status] = true;
			}
		}
		this.nanoClock = nanoClock;
		this.lastEjectionEnd = new AtomicLong(nanoClock.getAsLong());
	}

	/**
	 * Create statistics with the default settings.
	 * @param nanoClock the clock
	 * @return the statistics
	 */
	public static BalancerStatistics withDefaults(LongSupplier nanoClock) {
		return new BalancerStatistics(Duration.ofSeconds(10), 5, Duration.ofSeconds(10), Duration.ofMinutes(5),
				Set.of(500, 502, 503, 504), nanoClock);
	}

	/**
	 * Return the statistics of an instance, created empty on first use.
	 * @param instance the instance
	 * @return its statistics
	 */
	public InstanceStats of(ServiceInstance instance) {
		return of(instance.getServiceId(), instance.getInstanceId());
	}

	/**
	 * Return the statistics of an instance, created empty on first use.
	 * @param serviceId the service
	 * @param instanceId the instance
	 * @return its statistics
	 */
	public InstanceStats of(String serviceId, String instanceId) {
		Key key = new Key(serviceId, instanceId);
		InstanceStats stats = this.instances.get(key);
		if (stats != null) {
			return stats;
		}
		InstanceStats created = new InstanceStats(serviceId, instanceId, this);
		stats = this.instances.putIfAbsent(key, created);
		if (stats != null) {
			return stats;
		}
		this.listeners.forEach((listener) -> listener.accept(created));
		return created;
	}

	/**
	 * Call a listener for every instance seen so far and every instance seen from now on,
	 * such as to register its metrics.
	 * @param listener the listener
	 */
	public void onNewInstance(Consumer<InstanceStats> listener) {
		this.listeners.add(listener);
		this.instances.values().forEach(listener);
	}

	/**
	 * Call a listener for every instance whose statistics are dropped, such as to remove
	 * its metrics.
	 * @param listener the listener
	 */
	public void onRemovedInstance(Consumer<InstanceStats> listener) {
		this.removalListeners.add(listener);
	}

	/**
	 * Drop the statistics of every instance of a service but those given, the instances
	 * the registry has now: an instance that left takes its statistics (and, through the
	 * listeners, its meters) with it, so that rollouts do not add state forever. A call
	 * still in flight to a dropped instance ends on the statistics it started with.
	 * @param serviceId the service
	 * @param present the ids of the service's instances that remain
	 * @return the number of instances dropped
	 */
	public int retain(String serviceId, Collection<String> present) {
		Set<String> keep = Set.copyOf(present);
		int removed = 0;
		for (Map.Entry<Key, InstanceStats> entry : this.instances.entrySet()) {
			Key key = entry.getKey();
			if (key.serviceId().equals(serviceId) && !keep.contains(key.instanceId())
					&& this.instances.remove(key, entry.getValue())) {
				removed++;
				this.removalListeners.forEach((listener) -> listener.accept(entry.getValue()));
			}
		}
		return removed;
	}

	/**
	 * Call a listener each time a call ends, freeing a slot of its instance, such as to
	 * wake a request queued for one.
	 * @param listener the listener
	 */
	public void onCallEnd(Consumer<InstanceStats> listener) {
		this.callEndListeners.add(listener);
	}

	void ended(InstanceStats stats) {
		for (Consumer<InstanceStats> listener : this.callEndListeners) {
			listener.accept(stats);
		}
	}

	/**
	 * Return the statistics of every instance seen so far.
	 * @return the statistics
	 */
	public Collection<InstanceStats> all() {
		return Collections.unmodifiableCollection(this.instances.values());
	}

	/**
	 * Start a call to an instance: it counts in flight until closed.
	 * @param instance the instance called
	 * @return the call
	 */
	public UpstreamCall begin(ServiceInstance instance) {
		return new UpstreamCall(of(instance), this);
	}

	/**
	 * Return the current time of this statistics' clock.
	 * @return nanoseconds on an arbitrary origin
	 */
	public long nanoTime() {
		return this.nanoClock.getAsLong();
	}

	/**
	 * Return whether an answer with this status counts towards ejection.
	 * @param status the HTTP status
	 * @return {@code true} for the configured statuses, by default 500, 502, 503 and 504
	 */
	public boolean isEjectableStatus(int status) {
		// a table rather than a set of boxed integers: asked on every answer
		return (status >= 0 && status < this.ejectable.length) ? this.ejectable[status]
				: this.ejectableStatuses.contains(status);
	}

	/**
	 * Called once an attempt's outcome is recorded, outside the instance's lock: compares
	 * the service's success rates when their interval has passed.
	 */
	void recorded(InstanceStats stats) {
		if (this.successRateOutliers != null) {
			this.successRateOutliers.maybeEvaluate(stats.serviceId(), this, nanoTime());
		}
	}

	/**
	 * Return whether an instance may be ejected now: {@code false} once every ejection so
	 * far has ended, so that a pick need not look at each candidate.
	 * @return {@code true} while an ejection may be in force
	 */
	public boolean ejectionsInForce() {
		return nanoTime() - this.lastEjectionEnd.get() < 0;
	}

	void ejected(long until) {
		this.lastEjectionEnd.accumulateAndGet(until, (last, end) -> (end - last > 0) ? end : last);
	}

	long decayNanos() {
		return this.decayNanos;
	}

	int consecutiveFailures() {
		return this.consecutiveFailures;
	}

	long baseEjectionNanos() {
		return this.baseEjectionNanos;
	}

	long maxEjectionNanos() {
		return this.maxEjectionNanos;
	}

	private record Key(String serviceId, String instanceId) {
	}

}
