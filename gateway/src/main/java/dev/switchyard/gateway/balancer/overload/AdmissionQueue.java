package dev.switchyard.gateway.balancer.overload;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;

import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * The FIFO queue of the requests of one service waiting for an instance under its
 * {@code maxInFlight}, as HAProxy's {@code maxqueue} and nginx Plus's {@code queue}: each
 * end of a call to the service wakes the oldest waiter, which picks again.
 */
public final class AdmissionQueue {

	private final ConcurrentLinkedDeque<Waiter> waiters = new ConcurrentLinkedDeque<>();

	/**
	 * Wait for a slot.
	 * @param timeout the longest wait
	 * @param first whether to wait at the head: a waiter woken that found no slot after
	 * all keeps its place
	 * @return completes when woken, or with a
	 * {@link java.util.concurrent.TimeoutException}
	 */
	public Mono<Void> await(Duration timeout, boolean first) {
		return Mono.<Void>create((sink) -> {
			Waiter waiter = new Waiter(sink);
			if (first) {
				this.waiters.addFirst(waiter);
			}
			else {
				this.waiters.addLast(waiter);
			}
			sink.onDispose(() -> {
				waiter.done.set(true);
				this.waiters.remove(waiter);
			});
		}).timeout(timeout);
	}

	/**
	 * Wake the oldest waiter, if any: a slot was freed.
	 */
	public void signal() {
		Waiter waiter;
		while ((waiter = this.waiters.pollFirst()) != null) {
			if (waiter.done.compareAndSet(false, true)) {
				waiter.sink.success();
				return;
			}
		}
	}

	/**
	 * Return the number of requests waiting.
	 * @return the queue's length
	 */
	public int size() {
		return this.waiters.size();
	}

	private record Waiter(MonoSink<Void> sink, AtomicBoolean done) {

		Waiter(MonoSink<Void> sink) {
			this(sink, new AtomicBoolean());
		}

	}

}
