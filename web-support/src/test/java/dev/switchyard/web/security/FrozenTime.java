package dev.switchyard.web.security;

import io.github.bucket4j.TimeMeter;

/**
 * Time that stands still, so that no bucket refills during a test.
 */
final class FrozenTime implements TimeMeter {

	@Override
	public long currentTimeNanos() {
		return 1_000_000_000L;
	}

	@Override
	public boolean isWallClockBased() {
		return false;
	}

}
