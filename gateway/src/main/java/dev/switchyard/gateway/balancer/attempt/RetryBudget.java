package dev.switchyard.gateway.balancer.attempt;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How many retries one route may still make, as Finagle's and Linkerd's retry budgets
 * count them: at most a percentage of the requests of a sliding window, plus a small
 * floor per second so that a quiet route can still retry. Retries of a failing instance
 * then add a bounded share of load to the others instead of multiplying it.
 * <p>
 * The window is a ring of one-second buckets (a tenth of the window when it is shorter
 * than ten seconds): a bucket older than the window is cleared when its slot comes round
 * again.
 */
public final class RetryBudget {

	private static final int BUCKETS = 10;

	private final long bucketNanos;

	private final double minPerSecond;

	private final double windowSeconds;

	private final LongSupplier nanoClock;

	private final long[] requests = new long[BUCKETS];

	private final long[] retries = new long[BUCKETS];

	private final long[] epochs = new long[BUCKETS];

	/**
	 * Create an empty budget.
	 * @param window how far back requests and retries count
	 * @param minPerSecond the retries allowed per second of the window whatever the
	 * percentage
	 * @param nanoClock the clock, {@code System::nanoTime} outside tests
	 */
	public RetryBudget(Duration window, double minPerSecond, LongSupplier nanoClock) {
		this.bucketNanos = Math.max(1, window.toNanos() / BUCKETS);
		this.windowSeconds = window.toNanos() / 1e9;
		this.minPerSecond = minPerSecond;
		this.nanoClock = nanoClock;
		long epoch = epoch();
		for (int i = 0; i < BUCKETS; i++) {
			this.epochs[i] = epoch - BUCKETS;
		}
	}

	/**
	 * Count a client request: each one earns a share of a retry.
	 */
	public synchronized void request() {
		this.requests[bucket(epoch())]++;
	}

	/**
	 * Take a retry out of the budget if it has one left.
	 * @param percent the percentage of requests that may be retries, 0 to 100
	 * @return whether the retry may be made, and is now counted
	 */
	public synchronized boolean tryRetry(double percent) {
		long epoch = epoch();
		long requestSum = 0;
		long retrySum = 0;
		for (int i = 0; i < BUCKETS; i++) {
			if (epoch - this.epochs[i] < BUCKETS) {
				requestSum += this.requests[i];
				retrySum += this.retries[i];
			}
		}
		double allowed = requestSum * percent / 100.0 + this.minPerSecond * this.windowSeconds;
		if (retrySum + 1 > allowed) {
			return false;
		}
		this.retries[bucket(epoch)]++;
		return true;
	}

	/**
	 * Give back a retry taken that was not made after all, as there was no instance left
	 * to retry on.
	 */
	public synchronized void refund() {
		int slot = bucket(epoch());
		if (this.retries[slot] > 0) {
			this.retries[slot]--;
		}
	}

	private long epoch() {
		return Math.floorDiv(this.nanoClock.getAsLong(), this.bucketNanos);
	}

	private int bucket(long epoch) {
		int slot = (int) Math.floorMod(epoch, BUCKETS);
		if (this.epochs[slot] != epoch) {
			this.epochs[slot] = epoch;
			this.requests[slot] = 0;
			this.retries[slot] = 0;
		}
		return slot;
	}

}
