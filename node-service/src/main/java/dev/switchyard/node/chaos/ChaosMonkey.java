package dev.switchyard.node.chaos;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Holds the chaos in force and applies it to a request: first the delay (to every
 * request, or with its probability), then, with the configured probability, a failure.
 */
@Component
public class ChaosMonkey {

	private final DoubleSupplier random;

	private volatile ChaosSettings settings = ChaosSettings.NONE;

	ChaosMonkey() {
		this(() -> ThreadLocalRandom.current().nextDouble());
	}

	ChaosMonkey(DoubleSupplier random) {
		this.random = random;
	}

	/**
	 * Return the chaos in force.
	 * @return the settings
	 */
	public ChaosSettings settings() {
		return this.settings;
	}

	/**
	 * Replace the chaos in force.
	 * @param settings the new settings
	 */
	public void apply(ChaosSettings settings) {
		this.settings = settings;
	}

	/**
	 * Stop all chaos.
	 */
	public void clear() {
		this.settings = ChaosSettings.NONE;
	}

	/**
	 * Delay the calling request, then fail it with the configured probability.
	 * @throws InterruptedException if interrupted while delaying
	 * @throws ErrorResponseException a 500 when the request is chosen to fail
	 */
	void strike() throws InterruptedException {
		ChaosSettings current = this.settings;
		if (current.latencyMs() > 0
				&& (current.latencyRate() >= 1.0 || this.random.getAsDouble() < current.latencyRate())) {
			Thread.sleep(current.latencyMs());
		}
		if (current.errorRate() > 0 && this.random.getAsDouble() < current.errorRate()) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
					"Failure injected by chaos (errorRate " + current.errorRate() + ").");
			problem.setTitle("Injected failure");
			throw new ErrorResponseException(HttpStatus.INTERNAL_SERVER_ERROR, problem, null);
		}
	}

}
