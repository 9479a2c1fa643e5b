package dev.switchyard.registry.health;

/**
 * The outcome of one health check.
 *
 * @param outcome whether it passed, failed, or found nothing listening
 * @param description what was seen, for the log
 */
public record ProbeResult(Outcome outcome, String description) {

	static ProbeResult passing(String description) {
		return new ProbeResult(Outcome.PASSING, description);
	}

	static ProbeResult failing(String description) {
		return new ProbeResult(Outcome.FAILING, description);
	}

	static ProbeResult refused(String description) {
		return new ProbeResult(Outcome.REFUSED, description);
	}

	/**
	 * How a check ended.
	 */
	public enum Outcome {

		/**
		 * A 2xx answer.
		 */
		PASSING,

		/**
		 * Any other answer, a timeout, or an I/O error.
		 */
		FAILING,

		/**
		 * The connection was refused: nothing listens there any more.
		 */
		REFUSED

	}

}
