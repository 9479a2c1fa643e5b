package dev.switchyard.registry.api;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * Answers a Consul-style blocking query, of services or of keys: once the awaited change
 * happens or {@code wait} passes, whichever is first, without holding a thread meanwhile.
 */
@Component
public class BlockingQueries {

	private final LimitsProperties limits;

	private final Timer delivery;

	BlockingQueries(LimitsProperties limits, MeterRegistry meters) {
		this.limits = limits;
		this.delivery = Timer.builder("registry.queries.delivery")
			.description("Time from a change waking a blocking query to its answer being written")
			.publishPercentiles(0.5, 0.99)
			.register(meters);
	}

	/**
	 * Parse the {@code wait} parameter.
	 * @param wait the parameter, {@code null} for the default
	 * @return the wait, capped
	 * @throws InvalidRequestException if it is not a duration
	 */
	Duration parseWait(String wait) {
		try {
			return WaitDuration.parse(wait, this.limits.defaultWait(), this.limits.maxWait());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidRequestException("wait", ex.getMessage());
		}
	}

	/**
	 * Answer once {@code change} completes or after {@code timeout}, with what
	 * {@code answer} returns then.
	 * @param <T> the answer's body type
	 * @param change completes on the awaited change; cancelled once answered
	 * @param timeout how long to wait at most
	 * @param answer the answer
	 * @return the deferred answer
	 */
	<T> DeferredResult<ResponseEntity<T>> await(CompletableFuture<Void> change, Duration timeout,
			Supplier<ResponseEntity<T>> answer) {
		if (change.isDone() || timeout.toMillis() == 0) {
			change.cancel(false);
			DeferredResult<ResponseEntity<T>> result = new DeferredResult<>();
			result.setResult(answer.get());
			return result;
		}
		// on timeout the answer is whatever the registry holds then, with its index
		DeferredResult<ResponseEntity<T>> result = new DeferredResult<>(timeout.toMillis(), answer);
		change.thenRun(() -> {
			long woken = System.nanoTime();
			result.onCompletion(() -> this.delivery.record(System.nanoTime() - woken, TimeUnit.NANOSECONDS));
			result.setResult(answer.get());
		});
		result.onCompletion(() -> change.cancel(false));
		return result;
	}

}
