package dev.switchyard.gateway.balancer.stats;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * What the gateway has seen of one instance: requests in flight, totals, a peak EWMA of
 * its latency and whether it is ejected after repeated failures.
 */
public final class InstanceStats {

	private static final Log logger = LogFactory.getLog(InstanceStats.class);

	/**
	 * The least weight of a new answer in the latency EWMA. With the time decay alone, an
	 * instance answering hundreds of times a second would be branded slow for the whole
	 * decay time by a single pause; with this floor a busy instance's peak is forgotten
	 * within about ten answers, while an instance left alone keeps its latency, decaying
	 * only with time.
	 */
	static final double MIN_ANSWER_WEIGHT = 0.1;

	private final String serviceId;

	private final String instanceId;

	private final BalancerStatistics owner;

	private final AtomicInteger inFlight = new AtomicInteger();

	private final LongAdder requests = new LongAdder();

	private final LongAdder failures = new LongAdder();

	private final LongAdder ejectionCount = new LongAdder();

	private final LongAdder successRateEjectionCount = new LongAdder();

	/** Counted without the lock by a good answer, taken under it with the failures. */
	private final LongAdder intervalRequests = new LongAdder();

	private long intervalFailures;

	/**
	 * The latency EWMA and when it was last updated, replaced whole under the lock and
	 * read without it: policies read it for every candidate of every pick.
	 */
	private final AtomicReference<Ewma> ewma = new AtomicReference<>(Ewma.NONE);

	/**
	 * Written under the lock; a good answer reads it without, and takes the lock only to
	 * reset it (or {@link #ejections}) when it is not zero.
	 */
	private volatile int consecutiveFailures;

	/**
	 * Written under the lock, {@link #ejectedUntil} before {@link #ejected}; read without
	 * it by every pick, for every candidate.
	 */
	private volatile boolean ejected;

	private volatile long ejectedUntil;

	private volatile int ejections;

	private long lastEjectionEnd;

	InstanceStats(String serviceId, String instanceId, BalancerStatistics owner) {
		this.serviceId = serviceId;
		this.instanceId = instanceId;
		this.owner = owner;
	}

	/**
	 * Return the service of the instance.
	 * @return the service id
	 */
	public String serviceId() {
		return this.serviceId;
	}

	/**
	 * Return the instance these statistics describe.
	 * @return the instance id
	 */
	public String instanceId() {
		return this.instanceId;
	}

	/**
	 * Return the number of requests sent to the instance and not finished yet.
	 * @return the requests in flight
	 */
	public int inFlight() {
		return this.inFlight.get();
	}

	/**
	 * Return the number of attempts sent to the instance that have finished.
	 * @return the finished attempts
	 */
	public long requests() {
		return this.requests.sum();
	}

	/**
	 * Return the number of attempts that failed: no connection, a broken connection, a
	 * timeout or a 5xx answer.
	 * @return the failed attempts
	 */
	public long failures() {
		return this.failures.sum();
	}

	/**
	 * Return how many times the instance has been ejected.
	 * @return the number of ejections
	 */
	public long ejectionCount() {
		return this.ejectionCount.sum();
	}

	/**
	 * Return how many of the ejections were for a success rate below the others'.
	 * @return the number of success-rate ejections
	 */
	public long successRateEjectionCount() {
		return this.successRateEjectionCount.sum();
	}

	/**
	 * Return the peak EWMA of the latency, decayed towards zero for the time since the
	 * last answer, so that an instance left alone is tried again.
	 * @return the latency estimate in nanoseconds, 0 before the first answer
	 */
	public double ewmaNanos() {
		return decayed(this.ewma.get(), this.owner.nanoTime());
	}

	/**
	 * Return the peak EWMA of the latency in milliseconds.
	 * @return the latency estimate in milliseconds
	 * @see #ewmaNanos()
	 */
	public double ewmaMillis() {
		return ewmaNanos() / 1_000_000.0;
	}

	/**
	 * Return whether the instance is ejected now.
	 * @return {@code true} while ejected
	 */
	public boolean isEjected() {
		// no lock: an ejection that has just ended reads as ended, the flag is cleared by
		// the next answer or failure recorded
		return this.ejected && this.owner.nanoTime() - this.ejectedUntil < 0;
	}

	/**
	 * Return when the current ejection ends, on the {@link System#nanoTime()} scale.
	 * @return the end of the ejection, meaningful only while {@link #isEjected()}
	 */
	public long ejectedUntil() {
		return this.ejectedUntil;
	}

	void begin() {
		this.inFlight.incrementAndGet();
	}

	void end() {
		this.inFlight.decrementAndGet();
		this.owner.ended(this);
	}

	void recordResponse(int status, long latencyNanos) {
		long now = this.owner.nanoTime();
		if (status < 500 && !this.owner.isEjectableStatus(status)) {
			// a good answer, nearly every one: no lock, as every event loop records its
			// answers at once, unless there are failures or ejections to forget
			this.requests.increment();
			this.intervalRequests.increment();
			observe(latencyNanos, now);
			if (this.consecutiveFailures != 0 || this.ejections != 0) {
				synchronized (this) {
					recordSuccess(now);
				}
			}
			return;
		}
		synchronized (this) {
			this.requests.increment();
			this.intervalRequests.increment();
			if (status >= 500) {
				this.failures.increment();
				this.intervalFailures++;
			}
			if (this.owner.isEjectableStatus(status)) {
				countFailure(now);
				return;
			}
			recordSuccess(now);
		}
	}

	synchronized void recordFailure() {
		long now = this.owner.nanoTime();
		this.requests.increment();
		this.failures.increment();
		this.intervalRequests.increment();
		this.intervalFailures++;
		countFailure(now);
	}

	private void observe(long rttNanos, long now) {
		double rtt = rttNanos;
		for (int i = 0; i < 16; i++) {
			Ewma last = this.ewma.get();
			double decay = Math.exp(-(double) Math.max(0, now - last.stamp()) / this.owner.decayNanos());
			double weight = Math.min(decay, 1 - MIN_ANSWER_WEIGHT);
			// peak EWMA: jump to a worse latency at once, forget it more slowly
			double nanos = (rtt > last.nanos() * decay) ? rtt : last.nanos() * weight + rtt * (1 - weight);
			if (this.ewma.compareAndSet(last, new Ewma(nanos, now))) {
				return;
			}
		}
		// answers racing this one have moved the estimate on: this one is dropped, as a
		// sample of the EWMA
	}

	private double decayed(Ewma ewma, long now) {
		if (ewma.nanos() == 0) {
			return 0;
		}
		double elapsed = Math.max(0, now - ewma.stamp());
		return ewma.nanos() * Math.exp(-elapsed / this.owner.decayNanos());
	}

	private void recordSuccess(long now) {
		this.consecutiveFailures = 0;
		if (this.ejections > 0 && !isEjected(now) && now - this.lastEjectionEnd > this.owner.maxEjectionNanos()) {
			this.ejections = 0;
		}
	}

	private void countFailure(long now) {
		this.consecutiveFailures++;
		if (this.consecutiveFailures < this.owner.consecutiveFailures() || isEjected(now)) {
			return;
		}
		long time = eject(now);
		logger.warn("Ejecting " + this.serviceId + "/" + this.instanceId + " for " + (time / 1_000_000) + " ms after "
				+ this.owner.consecutiveFailures() + " consecutive failures");
	}

	/**
	 * Return the attempts and failures since the last call, and start a new interval.
	 * @return the requests and the failures of the interval
	 */
	synchronized long[] takeInterval() {
		long[] interval = { this.intervalRequests.sumThenReset(), this.intervalFailures };
		this.intervalFailures = 0;
		return interval;
	}

	synchronized void ejectForSuccessRate(long now, double successRate, double threshold) {
		if (isEjected(now)) {
			return;
		}
		long time = eject(now);
		this.successRateEjectionCount.increment();
		logger.warn(String.format(
				"Ejecting %s/%s for %d ms: success rate %.3f below %.3f, the others' mean less " + "their spread",
				this.serviceId, this.instanceId, time / 1_000_000, successRate, threshold));
	}

	private long eject(long now) {
		this.ejections++;
		long time = Math.min(this.owner.baseEjectionNanos() * this.ejections, this.owner.maxEjectionNanos());
		this.ejectedUntil = now + time;
		this.ejected = true;
		this.owner.ejected(this.ejectedUntil);
		this.lastEjectionEnd = this.ejectedUntil;
		this.consecutiveFailures = 0;
		this.ejectionCount.increment();
		return time;
	}

	private boolean isEjected(long now) {
		if (this.ejected && now - this.ejectedUntil >= 0) {
			this.ejected = false;
		}
		return this.ejected;
	}

	/**
	 * The latency EWMA at one answer.
	 *
	 * @param nanos the estimate in nanoseconds
	 * @param stamp when it was made, on the statistics' clock
	 */
	private record Ewma(double nanos, long stamp) {

		static final Ewma NONE = new Ewma(0, 0);

	}

}
