package dev.switchyard.node.work;

import java.util.concurrent.TimeUnit;

/**
 * Keeps a core busy for a while with arithmetic whose result is published, so that the
 * JIT cannot remove the loop.
 */
final class CpuBurner {

	private static final int ROUNDS_BETWEEN_CLOCK_READS = 4096;

	private static volatile long sink;

	private CpuBurner() {
	}

	/**
	 * Burn CPU until the given time has passed.
	 * @param millis how long
	 * @return the number of rounds computed
	 */
	static long burn(long millis) {
		if (millis <= 0) {
			return 0;
		}
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
		long state = System.nanoTime() | 1;
		long rounds = 0;
		do {
			for (int i = 0; i < ROUNDS_BETWEEN_CLOCK_READS; i++) {
				// xorshift64: cheap, and every round depends on the previous one
				state ^= state << 13;
				state ^= state >>> 7;
				state ^= state << 17;
			}
			rounds += ROUNDS_BETWEEN_CLOCK_READS;
		}
		while (System.nanoTime() - deadline < 0);
		sink = state;
		return rounds;
	}

}
