package dev.switchyard.registry.client.registration;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.switchyard.registry.client.RegisteredInstance;
import dev.switchyard.registry.client.RegistryClient;
import dev.switchyard.registry.client.RegistryClientException;
import dev.switchyard.registry.client.RegistryClientProperties;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;

/**
 * Registers the application once its web server has a port, renews the lease, registers
 * again when the daemon has forgotten it, and on shutdown drains before the web server's
 * graceful shutdown and deregisters after it.
 */
public class RegistryRegistration
		implements ApplicationListener<WebServerInitializedEvent>, SmartLifecycle, DisposableBean {

	private static final Log logger = LogFactory.getLog(RegistryRegistration.class);

	private static final Duration FIRST_RETRY = Duration.ofMillis(200);

	private final RegistryClient client;

	private final InstanceIdentity identity;

	private final RegistryClientProperties.Registration properties;

	private final ScheduledExecutorService scheduler;

	private volatile boolean registered;

	private volatile boolean draining;

	private volatile boolean running;

	private Duration backoff = FIRST_RETRY;

	private boolean lastAttemptFailed;

	/**
	 * Create the registration.
	 * @param client the client of this machine's daemon
	 * @param identity this instance's identity
	 * @param properties the registration properties
	 */
	public RegistryRegistration(RegistryClient client, InstanceIdentity identity,
			RegistryClientProperties.Registration properties) {
		this.client = client;
		this.identity = identity;
		this.properties = properties;
		this.scheduler = Executors
			.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("registry-registration").daemon(true).factory());
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		WebServerApplicationContext context = event.getApplicationContext();
		if ("management".equals(context.getServerNamespace())) {
			return;
		}
		this.identity.port(event.getWebServer().getPort());
		this.scheduler.execute(this::tick);
	}

	/**
	 * Return whether the daemon has accepted this instance.
	 * @return {@code true} once registered and until deregistered
	 */
	public boolean isRegistered() {
		return this.registered;
	}

	private void tick() {
		Duration next = this.properties.heartbeatInterval();
		try {
			if (!this.registered) {
				register();
			}
			else {
				heartbeat();
			}
			this.backoff = FIRST_RETRY;
			this.lastAttemptFailed = false;
		}
		catch (RegistryClientException ex) {
			if (!this.lastAttemptFailed) {
				logger.warn(
						"Registry at " + this.client.baseUrl() + " unavailable, will keep trying: " + ex.getMessage());
			}
			this.lastAttemptFailed = true;
			if (!this.registered) {
				next = this.backoff;
				this.backoff = min(this.backoff.multipliedBy(2), this.properties.retryMaxBackoff());
			}
		}
		catch (RuntimeException ex) {
			logger.error("Unexpected failure talking to the registry", ex);
		}
		if (!this.scheduler.isShutdown()) {
			this.scheduler.schedule(this::tick, next.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	private void register() {
		RegisteredInstance instance = this.client.register(this.identity.service(), this.identity.instanceId(),
				this.identity.host(), this.identity.port(), this.properties.metadata(), this.properties.ttl());
		if (this.draining) {
			this.client.status(this.identity.service(), this.identity.instanceId(), RegisteredInstance.DRAINING);
		}
		this.registered = true;
		logger.info("Registered " + instance.service() + "/" + instance.instanceId() + " at " + instance.host() + ":"
				+ instance.port() + " with " + this.client.baseUrl());
	}

	private void heartbeat() {
		try {
			this.client.heartbeat(this.identity.service(), this.identity.instanceId());
		}
		catch (RegistryClientException ex) {
			if (!ex.isNotFound()) {
				throw ex;
			}
			logger.info("Registry forgot " + this.identity.instanceId() + "; registering again");
			this.registered = false;
			register();
		}
	}

	@Override
	public void start() {
		this.running = true;
	}

	/**
	 * Marks the instance {@code DRAINING} and waits for the drain delay, so that
	 * balancers stop sending new requests before the web server stops accepting them.
	 */
	@Override
	public void stop() {
		this.running = false;
		this.draining = true;
		if (!this.registered) {
			return;
		}
		try {
			this.client.status(this.identity.service(), this.identity.instanceId(), RegisteredInstance.DRAINING);
			logger.info("Draining " + this.identity.instanceId() + " for " + this.properties.drainDelay());
			Thread.sleep(this.properties.drainDelay().toMillis());
		}
		catch (RegistryClientException ex) {
			logger.warn("Could not mark " + this.identity.instanceId() + " DRAINING: " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Stops before the web server's graceful shutdown, which stops at
	 * {@code DEFAULT_PHASE - 1024}.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE;
	}

	/**
	 * Deregisters after the web server has finished the requests in flight.
	 */
	@Override
	public void destroy() {
		this.scheduler.shutdownNow();
		if (this.registered) {
			try {
				this.client.deregister(this.identity.service(), this.identity.instanceId());
				logger.info("Deregistered " + this.identity.instanceId());
			}
			catch (RegistryClientException ex) {
				logger.warn("Could not deregister " + this.identity.instanceId() + ", its lease will expire: "
						+ ex.getMessage());
			}
			this.registered = false;
		}
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

}
