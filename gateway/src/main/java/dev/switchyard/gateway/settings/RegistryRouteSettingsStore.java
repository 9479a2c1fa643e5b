package dev.switchyard.gateway.settings;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import dev.switchyard.gateway.balancer.RoutePolicies;
import dev.switchyard.gateway.balancer.RoutePolicy;
import dev.switchyard.registry.client.KeyValueEntry;
import dev.switchyard.registry.client.KeyValueRead;
import dev.switchyard.registry.client.RegistryClient;
import dev.switchyard.registry.client.RegistryClientException;
import dev.switchyard.registry.client.RegistryClientProperties;
import dev.switchyard.registry.client.kv.KeyValueWatcher;

import org.springframework.context.SmartLifecycle;

/**
 * Route settings in the registry's key/value store, the cluster's control plane as
 * Consul's KV or Envoy's xDS: a {@code PUT} on any gateway writes the route's key
 * ({@code cas} on the version this gateway saw), and every gateway watches the keys with
 * a blocking query and puts each change in force. While the registry cannot be reached,
 * writes fail with 503 and every gateway keeps the settings it has.
 * <p>
 * When a key this gateway had applied disappears (a registry restarted without its file),
 * this gateway writes it back with {@code cas=0}: the first gateway to do so wins, and
 * the settings survive. To go back to the configured policy, {@code PUT} it.
 */
class RegistryRouteSettingsStore implements RouteSettingsStore, SmartLifecycle {

	private static final Log logger = LogFactory.getLog(RegistryRouteSettingsStore.class);

	private static final int MAX_ATTEMPTS = 5;

	private static final TypeReference<Map<String, Object>> STORED = new TypeReference<>() {
	};

	private final RoutePolicies policies;

	private final Supplier<RegistryClient> daemon;

	private final RouteSettingsProperties properties;

	private final RegistryClientProperties.Discovery discovery;

	private final JsonMapper json;

	private final CountDownLatch firstAnswer = new CountDownLatch(1);

	/** The entry each route's settings in force came from; written by the watch only. */
	private final Map<String, KeyValueEntry> applied = new HashMap<>();

	private volatile KeyValueWatcher watcher;

	RegistryRouteSettingsStore(RoutePolicies policies, Supplier<RegistryClient> daemon,
			RouteSettingsProperties properties, RegistryClientProperties.Discovery discovery, JsonMapper json) {
		this.policies = policies;
		this.daemon = daemon;
		this.properties = properties;
		this.discovery = discovery;
		this.json = json;
	}

	@Override
	public RoutePolicy save(String routeId, RoutePolicy settings) {
		String key = this.properties.keyPrefix() + routeId;
		String value = this.json.writeValueAsString(settings);
		RegistryClient client = null;
		try {
			client = this.daemon.get();
			Long cas = modifyIndex(routeId);
			for (int attempt = 1;; attempt++) {
				try {
					KeyValueEntry written = client.putKeyValue(key, value, cas);
					awaitApplied(routeId, written);
					return this.policies.get(routeId);
				}
				catch (RegistryClientException ex) {
					if (!ex.isConflict() || attempt == MAX_ATTEMPTS) {
						throw ex;
					}
					// another gateway wrote it since this one saw it: write over the
					// version there is now, so that each write replaces a whole one
					KeyValueRead read = client.keyValues(key, false, 0, Duration.ZERO);
					cas = read.entries().isEmpty() ? 0L : read.entries().get(0).modifyIndex();
				}
			}
		}
		catch (RegistryClientException ex) {
			String where = (client != null) ? " at " + client.baseUrl() : "";
			throw new RouteSettingsUnavailableException(
					"The route settings store (the registry" + where + ") could not be written: " + ex.getMessage()
							+ "; nothing changed, every gateway keeps " + "the settings it has",
					ex);
		}
	}

	private synchronized Long modifyIndex(String routeId) {
		KeyValueEntry entry = this.applied.get(routeId);
		return (entry != null) ? entry.modifyIndex() : 0L;
	}

	private synchronized void awaitApplied(String routeId, KeyValueEntry written) {
		long until = System.nanoTime() + this.properties.applyTimeout().toNanos();
		while (!isApplied(routeId, written)) {
			long left = until - System.nanoTime();
			if (left <= 0) {
				logger.warn("Route " + routeId + " written (index " + written.modifyIndex() + ") but not yet "
						+ "back through the watch after " + this.properties.applyTimeout());
				return;
			}
			try {
				TimeUnit.NANOSECONDS.timedWait(this, left);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private boolean isApplied(String routeId, KeyValueEntry written) {
		KeyValueEntry entry = this.applied.get(routeId);
		return entry != null && entry.modifyIndex() >= written.modifyIndex();
	}

	/**
	 * Put in force what the store holds now; called by the watch with every key under the
	 * prefix.
	 * @param entries the keys
	 */
	synchronized void apply(List<KeyValueEntry> entries) {
		Map<String, KeyValueEntry> now = new HashMap<>();
		for (KeyValueEntry entry : entries) {
			String routeId = entry.key().substring(this.properties.keyPrefix().length());
			if (routeId.isEmpty() || routeId.contains("/")) {
				continue;
			}
			now.put(routeId, entry);
			if (entry.equals(this.applied.get(routeId))) {
				continue;
			}
			try {
				Map<String, Object> stored = this.json.readValue(entry.value(), STORED);
				RoutePolicy settings = this.policies.check(stored);
				RoutePolicy before = this.policies.get(routeId);
				this.policies.apply(routeId, settings);
				this.applied.put(routeId, entry);
				if (!settings.equals(before)) {
					logger.info("Route " + routeId + " now balanced by " + settings + " (was " + before
							+ "), from the registry (index " + entry.modifyIndex() + ")");
				}
			}
			catch (JacksonException | IllegalArgumentException ex) {
				// a value this gateway cannot use (written by hand, or by a newer
				// gateway):
				// keep what is in force rather than guess
				logger.error("Ignoring the settings of route " + routeId + " in the registry (index "
						+ entry.modifyIndex() + "): " + ex.getMessage());
			}
		}
		this.applied.keySet().removeIf((routeId) -> {
			if (now.containsKey(routeId)) {
				return false;
			}
			restore(routeId, this.policies.get(routeId));
			return true;
		});
		this.firstAnswer.countDown();
		notifyAll();
	}

	private void restore(String routeId, RoutePolicy settings) {
		logger.warn("The registry lost the settings of route " + routeId + " (restarted without its file?); "
				+ "writing back " + settings);
		String key = this.properties.keyPrefix() + routeId;
		String value = this.json.writeValueAsString(settings);
		Thread.ofVirtual().name("route-settings-restore-" + routeId).start(() -> {
			try {
				this.daemon.get().putKeyValue(key, value, 0L);
			}
			catch (RegistryClientException ex) {
				// 409: another gateway wrote it back first; otherwise the next change
				// of the store brings it back here
				if (!ex.isConflict()) {
					logger.warn("Could not write back route " + routeId + ": " + ex.getMessage());
				}
			}
		});
	}

	@Override
	public void start() {
		this.watcher = new KeyValueWatcher(this.properties.keyPrefix(), true, this.daemon, this.discovery.maxWait(),
				this.discovery.retryMaxBackoff(), this::apply)
			.start();
		try {
			if (!this.firstAnswer.await(this.properties.initialTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
				logger.warn("No route settings from the registry within " + this.properties.initialTimeout()
						+ "; starting with the configured ones, the stored ones apply when it answers");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void stop() {
		KeyValueWatcher current = this.watcher;
		if (current != null) {
			current.close();
		}
		this.watcher = null;
	}

	@Override
	public boolean isRunning() {
		return this.watcher != null;
	}

	@Override
	public int getPhase() {
		// before the web server starts taking requests: a restarted gateway balances by
		// the stored settings from its first request
		return SmartLifecycle.DEFAULT_PHASE - 2048;
	}

}
