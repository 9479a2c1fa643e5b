package dev.switchyard.registry.health;

import java.util.ArrayList;
import java.util.List;

import dev.switchyard.registry.health.ProbeResult.Outcome;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CheckHistoryTests {

	@Test
	void shouldTurnUnhealthyAfterFallConsecutiveFailures() {
		CheckHistory history = new CheckHistory(2, 1);

		List<Boolean> changes = record(history, Outcome.FAILING, Outcome.FAILING, Outcome.FAILING);

		assertThat(changes).containsExactly(false, true, false);
		assertThat(history.isHealthy()).isFalse();
	}

	@Test
	void shouldTurnUnhealthyAtOnceWhenConnectionIsRefused() {
		CheckHistory history = new CheckHistory(3, 1);

		List<Boolean> changes = record(history, Outcome.REFUSED);

		assertThat(changes).containsExactly(true);
		assertThat(history.isHealthy()).isFalse();
	}

	@Test
	void shouldForgetFailuresAfterPass() {
		CheckHistory history = new CheckHistory(2, 1);

		record(history, Outcome.FAILING, Outcome.PASSING, Outcome.FAILING);

		assertThat(history.isHealthy()).isTrue();
	}

	@Test
	void shouldTurnHealthyAgainAfterRiseConsecutivePasses() {
		CheckHistory history = new CheckHistory(1, 3);
		record(history, Outcome.FAILING);

		List<Boolean> changes = record(history, Outcome.PASSING, Outcome.PASSING, Outcome.FAILING, Outcome.PASSING,
				Outcome.PASSING, Outcome.PASSING);

		assertThat(changes).containsExactly(false, false, false, false, false, true);
		assertThat(history.isHealthy()).isTrue();
	}

	@Test
	void shouldStayHealthyWhilePassing() {
		CheckHistory history = new CheckHistory(2, 2);

		List<Boolean> changes = record(history, Outcome.PASSING, Outcome.PASSING, Outcome.PASSING);

		assertThat(changes).containsOnly(false);
		assertThat(history.isHealthy()).isTrue();
	}

	private static List<Boolean> record(CheckHistory history, Outcome... outcomes) {
		List<Boolean> changes = new ArrayList<>();
		for (Outcome outcome : outcomes) {
			changes.add(history.record(outcome));
		}
		return changes;
	}

}
