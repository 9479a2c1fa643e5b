package dev.switchyard.registry.health;

/**
 * Turns consecutive check results into a health state, as nginx and HAProxy do with
 * {@code fall} and {@code rise}: an instance starts healthy, turns unhealthy after
 * {@code fall} failures in a row (at once when the connection is refused) and healthy
 * again after {@code rise} passes in a row. Not thread-safe: one check of an instance
 * runs at a time.
 */
class CheckHistory {

	private final int fall;

	private final int rise;

	private boolean healthy = true;

	private int failures;

	private int passes;

	CheckHistory(int fall, int rise) {
		this.fall = fall;
		this.rise = rise;
	}

	/**
	 * Record the outcome of a check.
	 * @param outcome the outcome
	 * @return {@code true} if the health state changed
	 */
	boolean record(ProbeResult.Outcome outcome) {
		switch (outcome) {
			case PASSING -> {
				this.failures = 0;
				this.passes = Math.min(this.passes + 1, this.rise);
				if (!this.healthy && this.passes >= this.rise) {
					this.healthy = true;
					return true;
				}
			}
			case FAILING, REFUSED -> {
				this.passes = 0;
				this.failures = (outcome == ProbeResult.Outcome.REFUSED) ? this.fall
						: Math.min(this.failures + 1, this.fall);
				if (this.healthy && this.failures >= this.fall) {
					this.healthy = false;
					return true;
				}
			}
		}
		return false;
	}

	boolean isHealthy() {
		return this.healthy;
	}

}
