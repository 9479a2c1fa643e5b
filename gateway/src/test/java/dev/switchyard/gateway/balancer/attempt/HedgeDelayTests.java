package dev.switchyard.gateway.balancer.attempt;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class HedgeDelayTests {

	@Test
	void shouldReadAFixedDelayOrAPercentile() {
		assertThat(HedgeDelay.parse("50ms")).isEqualTo(new HedgeDelay(Duration.ofMillis(50), 0));
		assertThat(HedgeDelay.parse("p95")).isEqualTo(new HedgeDelay(null, 95));
		assertThat(HedgeDelay.parse("p99.9")).hasToString("p99.9");
		assertThat(HedgeDelay.parse(" 1s ")).hasToString("1000ms");
	}

	@Test
	void shouldRefuseWhatIsNeitherNamingWhatIsAccepted() {
		assertThatIllegalArgumentException().isThrownBy(() -> HedgeDelay.parse("fast"))
			.withMessageContaining("\"50ms\"")
			.withMessageContaining("\"p95\"")
			.withMessageContaining("\"fast\"");
		assertThatIllegalArgumentException().isThrownBy(() -> HedgeDelay.parse("p100"));
		assertThatIllegalArgumentException().isThrownBy(() -> HedgeDelay.parse("0ms"));
		assertThatIllegalArgumentException().isThrownBy(() -> HedgeDelay.parse("-5ms"));
	}

	@Test
	void shouldWaitTheRoutesPercentileOnceKnown() {
		LatencyWindow latencies = new LatencyWindow(Duration.ofSeconds(10), () -> 0L);
		HedgeDelay p95 = HedgeDelay.parse("p95");
		long unknown = p95.nanos(latencies, 20);
		for (int i = 0; i < 100; i++) {
			latencies.record((i < 95) ? 10_000_000L : 300_000_000L);
		}

		assertThat(unknown).isEqualTo(-1);
		assertThat(p95.nanos(latencies, 20)).isBetween(10_000_000L, 11_000_000L);
		assertThat(HedgeDelay.parse("50ms").nanos(latencies, 20)).isEqualTo(50_000_000L);
	}

}
