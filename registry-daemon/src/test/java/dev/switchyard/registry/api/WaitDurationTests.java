package dev.switchyard.registry.api;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class WaitDurationTests {

	private static final Duration DEFAULT_WAIT = Duration.ofMinutes(5);

	private static final Duration MAX_WAIT = Duration.ofMinutes(10);

	@ParameterizedTest
	@CsvSource({ "500ms, PT0.5S", "10s, PT10S", "1m, PT1M", "1m30s, PT1M30S", "1.5s, PT1.5S", ".5s, PT0.5S",
			"2h, PT10M", "11m, PT10M", "0, PT0S", "0s, PT0S", "1500us, PT0.0015S", "1500µs, PT0.0015S",
			"1000000ns, PT0.001S" })
	void shouldParseConsulDurations(String wait, Duration expected) {
		Duration parsed = WaitDuration.parse(wait, DEFAULT_WAIT, MAX_WAIT);

		assertThat(parsed).isEqualTo(expected);
	}

	@ParameterizedTest
	@NullAndEmptySource
	void shouldUseDefaultWhenAbsent(String wait) {
		Duration parsed = WaitDuration.parse(wait, DEFAULT_WAIT, MAX_WAIT);

		assertThat(parsed).isEqualTo(DEFAULT_WAIT);
	}

	@ParameterizedTest
	@ValueSource(strings = { "abc", "10", "-1s", "1 s", "s", "1x", "1m-30s", "1.s.5", " 10s", "10s ", "1d",
			"99999999999999999999999999999999s" })
	void shouldRejectAnythingElse(String wait) {
		assertThatIllegalArgumentException().isThrownBy(() -> WaitDuration.parse(wait, DEFAULT_WAIT, MAX_WAIT))
			.withMessageContaining("is not a duration");
	}

}
