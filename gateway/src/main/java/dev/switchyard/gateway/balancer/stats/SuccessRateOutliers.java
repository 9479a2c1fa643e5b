package dev.switchyard.gateway.balancer.stats;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ejects by success rate, beside the consecutive failures, as Envoy's outlier detection
 * does: once per interval, an instance whose success rate is below the mean of the
 * others' minus {@code stdevFactor} times their standard deviation is ejected. Only
 * instances with {@code minimumRequests} in the interval count, and only when at least
 * {@code minimumHosts} do; comparing with the others rather than with all (Envoy's way)
 * lets one failing instance of three stand out.
 * <p>
 * The instance must also be {@link #MIN_GAP} below the others' mean, so that among
 * instances that all answer (a standard deviation of zero) the one that failed once is
 * not ejected; and never more than half of the service's instances are ejected.
 */
public final class SuccessRateOutliers {

	/** The least difference from the others' mean that ejects. */
	static final double MIN_GAP = 0.05;

	private final long intervalNanos;

	private final int minimumRequests;

	private final int minimumHosts;

	private final double stdevFactor;

	private final Map<String, AtomicLong> nextEvaluation = new ConcurrentHashMap<>();

	/**
	 * Create the detection.
	 * @param interval how often, and over how long, the success rates are compared
	 * @param minimumRequests the requests an instance needs in the interval to count
	 * @param minimumHosts the instances that must count for any to be ejected
	 * @param stdevFactor how many standard deviations below the others' mean ejects
	 */
	public SuccessRateOutliers(Duration interval, int minimumRequests, int minimumHosts, double stdevFactor) {
		this.intervalNanos = Math.max(1, interval.toNanos());
		this.minimumRequests = minimumRequests;
		this.minimumHosts = Math.max(2, minimumHosts);
		this.stdevFactor = stdevFactor;
	}

	/**
	 * Compare a service's instances if its interval has passed.
	 * @param serviceId the service
	 * @param statistics the statistics of every instance
	 * @param now the statistics' clock
	 */
	void maybeEvaluate(String serviceId, BalancerStatistics statistics, long now) {
		AtomicLong next = this.nextEvaluation.computeIfAbsent(serviceId,
				(id) -> new AtomicLong(now + this.intervalNanos));
		long due = next.get();
		if (now - due < 0 || !next.compareAndSet(due, now + this.intervalNanos)) {
			return;
		}
		List<InstanceStats> instances = new ArrayList<>();
		for (InstanceStats stats : statistics.all()) {
			if (stats.serviceId().equals(serviceId)) {
				instances.add(stats);
			}
		}
		evaluate(instances, now);
	}

	private void evaluate(List<InstanceStats> instances, long now) {
		List<Rate> rates = new ArrayList<>();
		int ejected = 0;
		int known = 0;
		for (InstanceStats stats : instances) {
			long[] interval = stats.takeInterval();
			if (stats.isEjected()) {
				ejected++;
				known++;
			}
			else if (interval[0] > 0) {
				known++;
				if (interval[0] >= this.minimumRequests) {
					rates.add(new Rate(stats, 1.0 - (double) interval[1] / interval[0]));
				}
			}
		}
		if (rates.size() < this.minimumHosts) {
			return;
		}
		rates.sort(Comparator.comparingDouble(Rate::success));
		for (Rate rate : rates) {
			if (ejected + 1 > known / 2) {
				return;
			}
			double sum = 0;
			double squares = 0;
			int others = 0;
			for (Rate other : rates) {
				if (other != rate && !other.stats().isEjected()) {
					others++;
					sum += other.success();
					squares += other.success() * other.success();
				}
			}
			if (others == 0) {
				return;
			}
			double mean = sum / others;
			double stdev = Math.sqrt(Math.max(0, squares / others - mean * mean));
			double threshold = mean - Math.max(this.stdevFactor * stdev, MIN_GAP);
			if (rate.success() >= threshold) {
				return;
			}
			rate.stats().ejectForSuccessRate(now, rate.success(), threshold);
			ejected++;
		}
	}

	private record Rate(InstanceStats stats, double success) {

	}

}
