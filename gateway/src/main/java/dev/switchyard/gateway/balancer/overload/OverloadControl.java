package dev.switchyard.gateway.balancer.overload;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntUnaryOperator;

import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.limit.VegasLimit;
import com.netflix.concurrency.limits.limit.functions.Log10RootIntFunction;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * The state of overload protection: the admission queue of each service, the adaptive
 * concurrency limiter of each route ({@code adaptiveLimit}, Netflix's {@link VegasLimit}
 * in a {@link SimpleLimiter}), and the count of shed requests; it publishes them as
 * {@code gateway.lb.queue.length}, {@code gateway.lb.concurrency.limit} and
 * {@code gateway.lb.shed}.
 * <p>
 * Vegas holds the requests queued beyond what the instances serve at the no-load latency
 * (the smallest latency seen, probed again now and then) between 2 and 4 at a limit below
 * 100: under sustained overload the accepted requests' latency stays within a small
 * multiple of the no-load latency. {@code Gradient2Limit}, used before, compares the
 * latency with its own long-term average instead; under sustained overload that average
 * follows the latency up while the limit keeps growing by its queue allowance
 * (Netflix/concurrency-limits#134), and the accepted requests queued in the instances
 * (measured: a limit near 30 for 6 threads, accepted requests at 8 × the unloaded p99).
 */
public class OverloadControl implements MeterBinder {

	/** Where the limit starts, before it has seen a latency. */
	static final int INITIAL_LIMIT = 20;

	static final int MAX_LIMIT = 1000;

	/** log10 of a limit, at least 1: the library's own, as its default thresholds use. */
	private static final IntUnaryOperator LOG10 = Log10RootIntFunction.create(0);

	private final Map<String, AdmissionQueue> queues = new ConcurrentHashMap<>();

	private final Map<String, SimpleLimiter<Void>> limiters = new ConcurrentHashMap<>();

	private final Map<String, Counter> shed = new ConcurrentHashMap<>();

	private volatile @Nullable MeterRegistry registry;

	/**
	 * Return the admission queue of a service.
	 * @param serviceId the service
	 * @return its queue
	 */
	public AdmissionQueue queue(String serviceId) {
		return this.queues.computeIfAbsent(serviceId, (id) -> {
			AdmissionQueue queue = new AdmissionQueue();
			MeterRegistry meters = this.registry;
			if (meters != null) {
				registerQueue(meters, id, queue);
			}
			return queue;
		});
	}

	/**
	 * Return the adaptive concurrency limiter of a route.
	 * @param routeId the route
	 * @return its limiter
	 */
	public SimpleLimiter<Void> limiter(String routeId) {
		return this.limiters.computeIfAbsent(routeId, (id) -> {
			SimpleLimiter<Void> limiter = SimpleLimiter.newBuilder().named(id).limit(newLimit()).build();
			MeterRegistry meters = this.registry;
			if (meters != null) {
				registerLimiter(meters, id, limiter);
			}
			// counted from zero as soon as the route has a limit, so that a rate of it
			// is 0 rather than no series until the first request is shed
			shedCounter(id, "limit");
			return limiter;
		});
	}

	/**
	 * Return a new adaptive limit, as each route's limiter gets.
	 * @return the limit, at {@link #INITIAL_LIMIT}
	 */
	static Limit newLimit() {
		// Vegas estimates the requests queued beyond what is served as
		// limit x (1 - no-load latency / latency), grows the limit while that is under
		// alpha and shrinks it over beta: 2 and 4 x log10(limit) rather than the
		// library's 3 and 6, so that an accepted request waits behind fewer others
		// (bench/lb-quality's overload scenario: accepted p99 3.4 x the unloaded one
		// with 3 and 6)
		return VegasLimit.newBuilder()
			.initialLimit(INITIAL_LIMIT)
			.maxConcurrency(MAX_LIMIT)
			.alphaFunction((limit) -> 2 * LOG10.applyAsInt(limit))
			.betaFunction((limit) -> 4 * LOG10.applyAsInt(limit))
			.build();
	}

	/**
	 * Count a request shed.
	 * @param routeId the route, or {@code null}
	 * @param reason {@code queue} (every instance at {@code maxInFlight} past
	 * {@code queueTimeout}) or {@code limit} (over the adaptive limit)
	 */
	public void shed(@Nullable String routeId, String reason) {
		Counter counter = shedCounter((routeId != null) ? routeId : "none", reason);
		if (counter != null) {
			counter.increment();
		}
	}

	private @Nullable Counter shedCounter(String route, String reason) {
		MeterRegistry meters = this.registry;
		return this.shed.computeIfAbsent(route + "\n" + reason,
				(key) -> (meters != null) ? shedCounter(meters, route, reason) : null);
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.registry = registry;
		this.queues.forEach((id, queue) -> registerQueue(registry, id, queue));
		this.limiters.forEach((id, limiter) -> {
			registerLimiter(registry, id, limiter);
			shedCounter(id, "limit");
		});
	}

	private static void registerQueue(MeterRegistry registry, String serviceId, AdmissionQueue queue) {
		Gauge.builder("gateway.lb.queue.length", queue, AdmissionQueue::size)
			.description("Requests waiting for an instance under maxInFlight")
			.tag("service", serviceId)
			.register(registry);
	}

	private static void registerLimiter(MeterRegistry registry, String routeId, SimpleLimiter<Void> limiter) {
		Gauge.builder("gateway.lb.concurrency.limit", limiter, SimpleLimiter::getLimit)
			.description("The adaptive concurrency limit of the route")
			.tag("route", routeId)
			.register(registry);
		Gauge.builder("gateway.lb.concurrency.in.flight", limiter, SimpleLimiter::getInflight)
			.description("Requests in flight under the route's adaptive limit")
			.tag("route", routeId)
			.register(registry);
	}

	private static Counter shedCounter(MeterRegistry registry, String routeId, String reason) {
		return Counter.builder("gateway.lb.shed")
			.description("Requests answered 503 by overload protection")
			.tag("route", routeId)
			.tag("reason", reason)
			.register(registry);
	}

}
