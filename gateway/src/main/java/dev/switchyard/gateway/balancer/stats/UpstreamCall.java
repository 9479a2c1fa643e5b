package dev.switchyard.gateway.balancer.stats;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One attempt to send a request to an instance, counted in flight from its start until
 * {@link #close()}; its outcome is recorded once.
 */
public final class UpstreamCall {

	private final InstanceStats stats;

	private final BalancerStatistics owner;

	private final long startNanos;

	private final AtomicBoolean recorded = new AtomicBoolean();

	private final AtomicBoolean closed = new AtomicBoolean();

	UpstreamCall(InstanceStats stats, BalancerStatistics owner) {
		this.stats = stats;
		this.owner = owner;
		this.startNanos = owner.nanoTime();
		stats.begin();
	}

	/**
	 * Return the statistics of the instance called.
	 * @return the instance's statistics
	 */
	public InstanceStats stats() {
		return this.stats;
	}

	/**
	 * Return the time since the call started.
	 * @return the elapsed time in nanoseconds
	 */
	public long elapsedNanos() {
		return this.owner.nanoTime() - this.startNanos;
	}

	/**
	 * Record that the instance answered, with the time to its answer as latency; the call
	 * stays in flight until {@link #close()}, while the body streams.
	 * @param status the HTTP status of the answer
	 */
	public void responded(int status) {
		if (this.recorded.compareAndSet(false, true)) {
			this.stats.recordResponse(status, this.owner.nanoTime() - this.startNanos);
			this.owner.recorded(this.stats);
		}
	}

	/**
	 * Record that the attempt failed without an answer, and close it.
	 */
	public void failed() {
		if (this.recorded.compareAndSet(false, true)) {
			this.stats.recordFailure();
			this.owner.recorded(this.stats);
		}
		close();
	}

	/**
	 * End the call: it no longer counts as in flight. Calling it again has no effect.
	 */
	public void close() {
		if (this.closed.compareAndSet(false, true)) {
			this.stats.end();
		}
	}

}
