package dev.switchyard.registry.health;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The last few checks of one instance, newest first, for those who watch the registry
 * (the console's registry panel): bounded, and thread-safe since a check writes while a
 * reader reads.
 */
public class RecentChecks {

	static final int SIZE = 5;

	private final Deque<Check> checks = new ArrayDeque<>(SIZE);

	synchronized void add(Check check) {
		if (this.checks.size() == SIZE) {
			this.checks.removeLast();
		}
		this.checks.addFirst(check);
	}

	synchronized List<Check> list() {
		return List.copyOf(this.checks);
	}

	/**
	 * One check.
	 *
	 * @param at when it ended
	 * @param outcome how it ended
	 * @param millis how long it took
	 * @param description what was seen
	 */
	public record Check(Instant at, ProbeResult.Outcome outcome, long millis, String description) {

	}

}
