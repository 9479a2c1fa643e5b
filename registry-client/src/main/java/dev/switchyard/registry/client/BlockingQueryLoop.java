package dev.switchyard.registry.client;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.apache.commons.logging.Log;

/**
 * The long-polling loop every watch of the registry runs: a blocking query from the last
 * index, and again as soon as it answers; while the daemon cannot be reached, a retry
 * after a backoff that doubles from 100 ms up to a limit, from index 0 (a daemon that
 * comes back may have restarted with a smaller index), with one warning when it fails and
 * one line when it is back. A failure of what the watch does with an answer is logged and
 * retried after the backoff: it never ends the watch.
 * <p>
 * {@code ServiceWatcher} runs one per daemon for the instances of a service,
 * {@code KeyValueWatcher} one for a key or a prefix.
 */
public final class BlockingQueryLoop {

	private static final Duration FIRST_RETRY = Duration.ofMillis(100);

	private final String what;

	private final Duration retryMaxBackoff;

	private final BooleanSupplier closed;

	private final Log logger;

	private final Query query;

	/**
	 * Create a loop; {@link #run()} runs it on the calling thread.
	 * @param what what is watched, for the log: {@code node-service instances} or
	 * {@code key switchyard/gateway/routes}
	 * @param retryMaxBackoff the longest wait between two failed queries
	 * @param closed whether the watch has been closed
	 * @param logger the watcher's log
	 * @param query one blocking query and what is done with its answer
	 */
	public BlockingQueryLoop(String what, Duration retryMaxBackoff, BooleanSupplier closed, Log logger, Query query) {
		this.what = what;
		this.retryMaxBackoff = retryMaxBackoff;
		this.closed = closed;
		this.logger = logger;
		this.query = query;
	}

	/**
	 * Poll until the watch is closed or the thread is interrupted.
	 */
	public void run() {
		long index = 0;
		Duration backoff = FIRST_RETRY;
		boolean failing = false;
		while (!this.closed.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
			try {
				index = this.query.ask(index, failing);
				if (failing) {
					this.logger.info("Registry is back for " + this.what);
				}
				failing = false;
				backoff = FIRST_RETRY;
			}
			catch (RegistryClientException ex) {
				if (this.closed.getAsBoolean() || Thread.currentThread().isInterrupted()) {
					return;
				}
				if (!failing) {
					this.logger.warn(
							"Registry unavailable for " + this.what + "; keeping the last answer: " + ex.getMessage());
				}
				failing = true;
				index = 0;
				if (!sleep(backoff)) {
					return;
				}
				backoff = (backoff.multipliedBy(2).compareTo(this.retryMaxBackoff) <= 0) ? backoff.multipliedBy(2)
						: this.retryMaxBackoff;
			}
			catch (RuntimeException ex) {
				this.logger.error("Applying the registry's answer for " + this.what + " failed", ex);
				if (!sleep(backoff)) {
					return;
				}
			}
		}
	}

	/**
	 * Sleep, unless interrupted.
	 * @param duration how long
	 * @return {@code false} when interrupted (the interrupt flag is set again)
	 */
	public static boolean sleep(Duration duration) {
		try {
			Thread.sleep(duration);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * One blocking query and what the watch does with its answer.
	 */
	@FunctionalInterface
	public interface Query {

		/**
		 * Ask from {@code index}, apply the answer, and return the index to ask from next
		 * (0 when the daemon's index went back: a restarted daemon).
		 * @param index the index of the last answer, 0 for the full state now
		 * @param recovering whether the queries before this one failed
		 * @return the next index
		 * @throws RegistryClientException when the daemon cannot be reached
		 */
		long ask(long index, boolean recovering);

	}

}
