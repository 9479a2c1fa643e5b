package dev.switchyard.registry.api;

import dev.switchyard.registry.instance.InstanceStore;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Answers every waiting blocking query when the application shuts down, before the web
 * server's graceful shutdown starts to wait for requests in flight.
 */
@Component
class BlockingQueryReleaser implements SmartLifecycle {

	private final InstanceStore store;

	private volatile boolean running;

	BlockingQueryReleaser(InstanceStore store) {
		this.store = store;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.store.release();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// stopped first: higher than the graceful shutdown phase of the web server
		return SmartLifecycle.DEFAULT_PHASE;
	}

}
