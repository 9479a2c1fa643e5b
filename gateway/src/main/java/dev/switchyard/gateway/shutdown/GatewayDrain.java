package dev.switchyard.gateway.shutdown;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * The first step of a stop: readiness fails, every response from now on closes its
 * connection, and the gateway keeps accepting for the drain window before the web
 * server's graceful shutdown stops accepting and waits for the requests in flight.
 */
public class GatewayDrain implements SmartLifecycle {

	/**
	 * After the registry registration's stop (which marks this gateway {@code DRAINING},
	 * {@code DEFAULT_PHASE}) and before the web server's graceful shutdown
	 * ({@code DEFAULT_PHASE - 1024}).
	 */
	static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

	private static final Log logger = LogFactory.getLog(GatewayDrain.class);

	private final ApplicationEventPublisher publisher;

	private final Duration window;

	private volatile boolean running;

	private volatile boolean draining;

	/**
	 * Create the drain.
	 * @param publisher where the readiness change is published
	 * @param window how long to keep accepting after readiness has failed
	 */
	public GatewayDrain(ApplicationEventPublisher publisher, Duration window) {
		this.publisher = publisher;
		this.window = window;
	}

	/**
	 * Return whether the gateway is stopping: responses then close their connection.
	 * @return {@code true} from the start of the stop
	 */
	public boolean isDraining() {
		return this.draining;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.draining = true;
		// Spring Boot publishes it too when the context starts to close; once more here
		// so
		// that a stop of the lifecycle alone (and a test) behaves the same
		AvailabilityChangeEvent.publish(this.publisher, this, ReadinessState.REFUSING_TRAFFIC);
		logger.info("Draining: readiness refuses traffic; still accepting for " + this.window);
		try {
			Thread.sleep(this.window.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
