package dev.switchyard.gateway.balancer.attempt;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retry budget over a sliding window, on a clock the test moves.
 */
class RetryBudgetTests {

	private final AtomicLong clock = new AtomicLong(1_000_000_000L);

	@Test
	void shouldAllowTheFloorOnlyWithoutRequests() {
		RetryBudget budget = new RetryBudget(Duration.ofSeconds(10), 0.5, this.clock::get);

		int allowed = retries(budget, 100, 20.0);

		assertThat(allowed).isEqualTo(5);
	}

	@Test
	void shouldAllowThePercentageOfTheRequestsPlusTheFloor() {
		RetryBudget budget = new RetryBudget(Duration.ofSeconds(10), 0.1, this.clock::get);
		for (int i = 0; i < 1000; i++) {
			budget.request();
		}

		int allowed = retries(budget, 1000, 20.0);

		assertThat(allowed).isEqualTo(201);
	}

	@Test
	void shouldForgetRequestsAndRetriesOlderThanTheWindow() {
		RetryBudget budget = new RetryBudget(Duration.ofSeconds(10), 0, this.clock::get);
		for (int i = 0; i < 100; i++) {
			budget.request();
		}
		assertThat(retries(budget, 100, 10.0)).isEqualTo(10);

		this.clock.addAndGet(Duration.ofSeconds(5).toNanos());
		assertThat(retries(budget, 100, 10.0)).isZero();
		for (int i = 0; i < 100; i++) {
			budget.request();
		}
		int halfway = retries(budget, 100, 10.0);

		this.clock.addAndGet(Duration.ofSeconds(11).toNanos());
		int afterWindow = retries(budget, 100, 10.0);

		assertThat(halfway).isEqualTo(10);
		assertThat(afterWindow).isZero();
	}

	@Test
	void shouldKeepRetriesAtTheBudgetWhenEveryRequestFails() {
		RetryBudget budget = new RetryBudget(Duration.ofSeconds(10), 1, this.clock::get);
		int requests = 0;
		int retries = 0;

		for (int second = 0; second < 60; second++) {
			for (int i = 0; i < 200; i++) {
				budget.request();
				requests++;
				if (budget.tryRetry(10.0)) {
					retries++;
				}
				this.clock.addAndGet(5_000_000L);
			}
		}

		double attemptsPerRequest = (requests + retries) / (double) requests;
		assertThat(attemptsPerRequest).isBetween(1.09, 1.12);
	}

	@Test
	void shouldRefuseEveryRetryAtZeroPercentWithoutAFloor() {
		RetryBudget budget = new RetryBudget(Duration.ofSeconds(10), 0, this.clock::get);
		budget.request();

		assertThat(budget.tryRetry(0)).isFalse();
		assertThat(budget.tryRetry(100)).isTrue();
		assertThat(budget.tryRetry(100)).isFalse();
	}

	@Test
	void shouldGiveBackARetryThatWasNotMade() {
		RetryBudget budget = new RetryBudget(Duration.ofSeconds(10), 0, this.clock::get);
		for (int i = 0; i < 10; i++) {
			budget.request();
		}
		assertThat(budget.tryRetry(10.0)).isTrue();
		assertThat(budget.tryRetry(10.0)).isFalse();

		budget.refund();

		assertThat(budget.tryRetry(10.0)).isTrue();
	}

	private static int retries(RetryBudget budget, int tries, double percent) {
		int allowed = 0;
		for (int i = 0; i < tries; i++) {
			if (budget.tryRetry(percent)) {
				allowed++;
			}
		}
		return allowed;
	}

}
