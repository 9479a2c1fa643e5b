package dev.switchyard.node.chaos;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import org.springframework.web.ErrorResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

class ChaosMonkeyTests {

	@Test
	void shouldDoNothingByDefault() {
		ChaosMonkey monkey = new ChaosMonkey();

		assertThatNoException().isThrownBy(monkey::strike);
	}

	@Test
	void shouldDelayByLatency() throws InterruptedException {
		ChaosMonkey monkey = new ChaosMonkey();
		monkey.apply(new ChaosSettings(40L, 0.0));
		long start = System.nanoTime();

		monkey.strike();

		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(40);
	}

	@Test
	void shouldDelayOnlyTheLatencyRateOfRequests() throws InterruptedException {
		Random random = new Random(7);
		ChaosMonkey monkey = new ChaosMonkey(random::nextDouble);
		monkey.apply(new ChaosSettings(1L, 0.0, 0.05));

		int delayed = 0;
		for (int i = 0; i < 2_000; i++) {
			long start = System.nanoTime();
			monkey.strike();
			if (System.nanoTime() - start >= 1_000_000L) {
				delayed++;
			}
		}

		assertThat(delayed).isBetween(60, 150);
	}

	@Test
	void shouldFailAboutErrorRateOfRequests() {
		Random random = new Random(42);
		ChaosMonkey monkey = new ChaosMonkey(random::nextDouble);
		monkey.apply(new ChaosSettings(0L, 0.3));

		long failures = IntStream.range(0, 10_000).filter((i) -> fails(monkey)).count();

		assertThat(failures).isBetween(2_700L, 3_300L);
	}

	@Test
	void shouldNeverFailWithZeroRateAndAlwaysWithOne() {
		ChaosMonkey never = new ChaosMonkey();
		ChaosMonkey always = new ChaosMonkey();
		always.apply(new ChaosSettings(0L, 1.0));

		long neverFailures = IntStream.range(0, 1_000).filter((i) -> fails(never)).count();
		long alwaysFailures = IntStream.range(0, 1_000).filter((i) -> fails(always)).count();

		assertThat(neverFailures).isZero();
		assertThat(alwaysFailures).isEqualTo(1_000);
	}

	@Test
	void shouldReadMissingFieldsAsNoChaos() {
		ChaosSettings settings = new ChaosSettings(null, null);

		assertThat(settings).isEqualTo(ChaosSettings.NONE);
	}

	private static boolean fails(ChaosMonkey monkey) {
		try {
			monkey.strike();
			return false;
		}
		catch (ErrorResponseException ex) {
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
