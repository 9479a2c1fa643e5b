package dev.switchyard.node.work;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CpuBurnerTests {

	@Test
	void shouldBurnForAboutTheRequestedTime() {
		long start = System.nanoTime();

		long rounds = CpuBurner.burn(50);

		long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		assertThat(rounds).isPositive();
		assertThat(elapsedMs).isBetween(50L, 5_000L);
	}

	@Test
	void shouldNotBurnForZero() {
		long rounds = CpuBurner.burn(0);

		assertThat(rounds).isZero();
	}

}
