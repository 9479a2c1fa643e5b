package dev.switchyard.gateway.balancer.attempt;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A cheap histogram of one route's latencies over a sliding window, for the percentile a
 * hedge waits: buckets growing by 10 % from 0.1 ms (a percentile within 10 %), in two
 * halves of the window, the older cleared when its turn comes round again.
 */
public final class LatencyWindow {

	private static final double GROWTH = 1.1;

	private static final double LOG_GROWTH = Math.log(GROWTH);

	private static final long MIN_NANOS = 100_000;

	/** Up to 0.1 ms × 1.1^160, about seven minutes. */
	private static final int BUCKETS = 160;

	private final long halfNanos;

	private final LongSupplier nanoClock;

	private final long[][] counts = new long[2][BUCKETS];

	private final long[] totals = new long[2];

	private final long[] epochs = { Long.MIN_VALUE, Long.MIN_VALUE };

	/**
	 * Create an empty window.
	 * @param window how far back latencies count
	 * @param nanoClock the clock, {@code System::nanoTime} outside tests
	 */
	public LatencyWindow(Duration window, LongSupplier nanoClock) {
		this.halfNanos = Math.max(2, window.toNanos() / 2);
		this.nanoClock = nanoClock;
	}

	/**
	 * Count one latency.
	 * @param nanos the time to the answer
	 */
	public synchronized void record(long nanos) {
		long epoch = epoch();
		int slot = (int) Math.floorMod(epoch, 2);
		if (this.epochs[slot] != epoch) {
			this.epochs[slot] = epoch;
			this.totals[slot] = 0;
			java.util.Arrays.fill(this.counts[slot], 0);
		}
		this.counts[slot][bucket(nanos)]++;
		this.totals[slot]++;
	}

	/**
	 * Return a percentile of the window's latencies, rounded up to its bucket's bound.
	 * @param percentile the percentile, such as 95
	 * @param minimumSamples the latencies needed to tell
	 * @return the latency in nanoseconds, or -1 with fewer latencies
	 */
	public synchronized long percentileNanos(double percentile, int minimumSamples) {
		long epoch = epoch();
		long total = 0;
		for (int slot = 0; slot < 2; slot++) {
			if (epoch - this.epochs[slot] <= 1) {
				total += this.totals[slot];
			}
		}
		if (total < minimumSamples || total == 0) {
			return -1;
		}
		long rank = (long) Math.ceil(total * percentile / 100.0);
		long seen = 0;
		for (int bucket = 0; bucket < BUCKETS; bucket++) {
			for (int slot = 0; slot < 2; slot++) {
				if (epoch - this.epochs[slot] <= 1) {
					seen += this.counts[slot][bucket];
				}
			}
			if (seen >= rank) {
				return (long) (MIN_NANOS * Math.pow(GROWTH, bucket + 1));
			}
		}
		return (long) (MIN_NANOS * Math.pow(GROWTH, BUCKETS));
	}

	private long epoch() {
		return Math.floorDiv(this.nanoClock.getAsLong(), this.halfNanos);
	}

	private static int bucket(long nanos) {
		if (nanos <= MIN_NANOS) {
			return 0;
		}
		int bucket = (int) (Math.log((double) nanos / MIN_NANOS) / LOG_GROWTH);
		return Math.min(bucket, BUCKETS - 1);
	}

}
