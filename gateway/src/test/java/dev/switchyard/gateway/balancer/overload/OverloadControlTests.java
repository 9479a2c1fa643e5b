package dev.switchyard.gateway.balancer.overload;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The adaptive limit under sustained overload, simulated: the limit is always full (more
 * is offered than it lets in), the instances serve {@value #THREADS} requests at once at
 * the no-load latency, and the rest wait. 40,000 requests, seeded; the first 10,000 are
 * not counted. {@code Gradient2Limit}, the limit used before, is the comparison.
 */
class OverloadControlTests {

	private static final long NO_LOAD_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

	private static final int THREADS = 6;

	@Test
	void shouldKeepTheAcceptedRequestsCloseToTheNoLoadLatencyWhenSomeFindAThreadFree() {
		// a fifth of the requests find a thread free (the balancer picked a node whose
		// queue had just drained); the others wait the whole queue
		Simulation vegas = overload(OverloadControl.newLimit(), Queue.MOSTLY_FIFO);
		Simulation gradient2 = overload(gradient2(), Queue.MOSTLY_FIFO);

		assertThat(vegas.meanLimit()).isBetween(THREADS + 1.0, THREADS * 3.0);
		assertThat(vegas.meanLatency()).isLessThan(2.5).isLessThan(gradient2.meanLatency());
	}

	@Test
	void shouldKeepTheAcceptedRequestsCloseToTheNoLoadLatencyWhenTheyWaitAtRandomPlaces() {
		Simulation vegas = overload(OverloadControl.newLimit(), Queue.RANDOM_PLACE);
		Simulation gradient2 = overload(gradient2(), Queue.RANDOM_PLACE);

		assertThat(vegas.meanLatency()).isLessThan(2.5).isLessThan(gradient2.meanLatency());
	}

	@Test
	void shouldStayBoundedWhereGradient2DriftsToItsMaximumWhenEveryRequestWaitsTheWholeQueue() {
		Simulation vegas = overload(OverloadControl.newLimit(), Queue.FIFO);
		Simulation gradient2 = overload(gradient2(), Queue.FIFO);

		// Gradient2's long-term latency follows the queue up while its limit grows by
		// its queue allowance (Netflix/concurrency-limits#134); Vegas's probe, which
		// takes the latency of the moment as the no-load one, lets it creep, but within
		// bounds
		assertThat(gradient2.meanLimit()).isGreaterThan(900);
		assertThat(vegas.meanLimit()).isLessThan(60);
		assertThat(vegas.meanLatency()).isLessThan(10);
	}

	private static Limit gradient2() {
		return Gradient2Limit.newBuilder()
			.initialLimit(OverloadControl.INITIAL_LIMIT)
			.minLimit(2)
			.maxConcurrency(OverloadControl.MAX_LIMIT)
			.build();
	}

	private static Simulation overload(Limit limit, Queue queue) {
		Random random = new Random(42);
		long now = 0;
		double limits = 0;
		double latencies = 0;
		int counted = 0;
		for (int i = 0; i < 40_000; i++) {
			int inFlight = limit.getLimit();
			double rounds = switch (queue) {
				case FIFO -> Math.max(1.0, inFlight / (double) THREADS);
				case MOSTLY_FIFO -> (random.nextDouble() < 0.2) ? 1.0 : Math.max(1.0, inFlight / (double) THREADS);
				case RANDOM_PLACE -> 1 + random.nextInt(inFlight) / THREADS;
			};
			long rtt = (long) (NO_LOAD_NANOS * rounds * (0.9 + 0.2 * random.nextDouble()));
			limit.onSample(now, rtt, inFlight, false);
			now += rtt / inFlight;
			if (i >= 10_000) {
				limits += limit.getLimit();
				latencies += (double) rtt / NO_LOAD_NANOS;
				counted++;
			}
		}
		return new Simulation(limits / counted, latencies / counted);
	}

	/** Where a request waits among those in flight. */
	private enum Queue {

		/** Behind every request ahead of it. */
		FIFO,

		/** As FIFO, but one request in five finds a thread free. */
		MOSTLY_FIFO,

		/** At a random place among those in flight. */
		RANDOM_PLACE

	}

	/**
	 * What the limit did once settled.
	 *
	 * @param meanLimit the mean limit
	 * @param meanLatency the accepted requests' mean latency over the no-load latency
	 */
	private record Simulation(double meanLimit, double meanLatency) {

	}

}
