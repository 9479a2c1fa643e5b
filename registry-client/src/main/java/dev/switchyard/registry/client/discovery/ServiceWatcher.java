package dev.switchyard.registry.client.discovery;

import java.net.URI;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import dev.switchyard.registry.client.BlockingQueryLoop;
import dev.switchyard.registry.client.RegisteredInstance;
import dev.switchyard.registry.client.RegistryClient;
import dev.switchyard.registry.client.RegistryClientProperties;
import dev.switchyard.registry.client.ServiceSnapshot;

/**
 * Keeps the instances of one service current by long-polling every daemon with blocking
 * queries, merging their answers, and keeping the last known instances of a daemon that
 * cannot be reached.
 * <p>
 * Subscribers of {@link #updates()} are called on a polling thread, never while the
 * watcher's own lock is held: a subscriber may wait for a lock of its own that a thread
 * calling {@link #start()} holds (a gateway's event loop did, and both waited forever).
 */
public class ServiceWatcher implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(ServiceWatcher.class);

	private final String service;

	private final Supplier<List<RegistryClient>> daemons;

	private final RegistryClientProperties.Discovery properties;

	/** Each daemon's last answer, in the order the daemons are configured. */
	private final Map<URI, List<RegisteredInstance>> bySource = new LinkedHashMap<>();

	private final Map<URI, Thread> pollers = new LinkedHashMap<>();

	private final Sinks.Many<List<RegistryServiceInstance>> updates = Sinks.many().replay().latest();

	/**
	 * Held while subscribers are called, and only then: never with the watcher's lock.
	 */
	private final Object emitting = new Object();

	/** The last list handed to the subscribers; guarded by {@link #emitting}. */
	private List<RegistryServiceInstance> emitted;

	private volatile List<RegistryServiceInstance> current;

	private volatile boolean closed;

	private Thread resolver;

	/**
	 * Create a watcher of fixed daemons; {@link #start()} begins polling.
	 * @param service the service to watch
	 * @param clients a client per daemon
	 * @param properties the discovery properties
	 */
	public ServiceWatcher(String service, List<RegistryClient> clients, RegistryClientProperties.Discovery properties) {
		this(service, () -> clients, properties);
	}

	/**
	 * Create a watcher of daemons that may change (found through DNS); {@link #start()}
	 * begins polling and looks for new or vanished daemons every
	 * {@code properties.resolveInterval()}.
	 * @param service the service to watch
	 * @param daemons the current daemons' clients, asked again periodically
	 * @param properties the discovery properties
	 */
	public ServiceWatcher(String service, Supplier<List<RegistryClient>> daemons,
			RegistryClientProperties.Discovery properties) {
		this.service = service;
		this.daemons = daemons;
		this.properties = properties;
	}

	/**
	 * Start one long-polling virtual thread per daemon, and a thread that follows changes
	 * in the set of daemons.
	 * @return this watcher
	 */
	public synchronized ServiceWatcher start() {
		if (this.resolver == null && !this.closed) {
			// nothing to drop yet, so nothing to emit: start() never calls subscribers
			reconcile(this.daemons.get());
			this.resolver = Thread.ofVirtual().name("registry-resolve-" + this.service).start(this::followDaemons);
		}
		return this;
	}

	/**
	 * Return the service this watcher watches.
	 * @return the service name
	 */
	public String service() {
		return this.service;
	}

	/**
	 * Return the merged instances of every daemon, sorted by id.
	 * @return the instances, or {@code null} before any daemon has answered
	 */
	public List<RegistryServiceInstance> current() {
		return this.current;
	}

	/**
	 * Return the merged instances now (if known) and after each change.
	 * @return a hot stream of instance lists
	 */
	public Flux<List<RegistryServiceInstance>> updates() {
		return this.updates.asFlux();
	}

	private void followDaemons() {
		while (!this.closed && BlockingQueryLoop.sleep(this.properties.resolveInterval())) {
			List<RegistryClient> now = this.daemons.get();
			// a failed lookup is no reason to forget the daemons we know
			if (!now.isEmpty()) {
				reconcile(now);
				emitCurrent();
			}
		}
	}

	/**
	 * Poll the daemons given and stop polling the others.
	 * @param now the daemons
	 */
	private synchronized void reconcile(List<RegistryClient> now) {
		Map<URI, RegistryClient> wanted = new LinkedHashMap<>();
		now.forEach((client) -> wanted.put(client.baseUrl(), client));
		boolean removed = this.pollers.keySet().removeIf((url) -> {
			if (wanted.containsKey(url)) {
				return false;
			}
			logger.info("Registry at " + url + " is gone; dropping its " + this.service + " instances");
			this.pollers.get(url).interrupt();
			this.bySource.remove(url);
			return true;
		});
		wanted.forEach((url, client) -> this.pollers.computeIfAbsent(url,
				(key) -> Thread.ofVirtual()
					.name("registry-watch-" + this.service + "-" + key.getAuthority())
					.start(() -> poll(client))));
		if (removed) {
			merge();
		}
	}

	private void poll(RegistryClient client) {
		long[] graceUntil = { 0 };
		new BlockingQueryLoop(this.service + " instances at " + client.baseUrl(), this.properties.retryMaxBackoff(),
				() -> this.closed, logger, (index, recovering) -> {
					long graceLeft = graceUntil[0] - System.nanoTime();
					Duration wait = (graceLeft > 0) ? min(this.properties.maxWait(), Duration.ofNanos(graceLeft))
							: this.properties.maxWait();
					ServiceSnapshot snapshot = client.service(this.service, index, wait);
					if (snapshot.index() < index || recovering) {
						// a restarted daemon is empty until the instances' next
						// heartbeats register them again: keep what it knew for a while
						// rather than route to nothing
						graceUntil[0] = System.nanoTime() + this.properties.restartGrace().toNanos();
					}
					update(client.baseUrl(), snapshot.instances(), graceUntil[0] - System.nanoTime() > 0);
					return (snapshot.index() < index) ? 0 : snapshot.index();
				})
			.run();
	}

	private void update(URI source, List<RegisteredInstance> instances, boolean inGrace) {
		record(source, instances, inGrace);
		emitCurrent();
	}

	private synchronized void record(URI source, List<RegisteredInstance> instances, boolean inGrace) {
		if (!this.pollers.containsKey(source)) {
			return;
		}
		List<RegisteredInstance> known = this.bySource.getOrDefault(source, List.of());
		if (inGrace && !known.isEmpty()) {
			Map<String, RegisteredInstance> kept = new LinkedHashMap<>();
			known.forEach((instance) -> kept.put(instance.instanceId(), instance));
			instances.forEach((instance) -> kept.put(instance.instanceId(), instance));
			instances = List.copyOf(kept.values());
		}
		this.bySource.put(source, instances);
		merge();
	}

	/**
	 * Merge every daemon's last answer into {@link #current}; called with the lock held.
	 */
	private void merge() {
		Map<String, RegisteredInstance> merged = new LinkedHashMap<>();
		for (URI url : this.pollers.keySet()) {
			for (RegisteredInstance instance : this.bySource.getOrDefault(url, List.of())) {
				merged.putIfAbsent(instance.instanceId(), instance);
			}
		}
		List<RegistryServiceInstance> list = merged.values()
			.stream()
			.sorted(Comparator.comparing(RegisteredInstance::instanceId))
			.map(RegistryServiceInstance::new)
			.toList();
		this.current = list;
	}

	/**
	 * Hand the latest merged list to the subscribers, unless they have it already (so it
	 * may be called after anything that might have merged). Called without the watcher's
	 * lock; two pollers that merged one after the other may both get here, and whichever
	 * comes second finds the newest list already sent, so an older list never follows a
	 * newer one.
	 */
	private void emitCurrent() {
		synchronized (this.emitting) {
			List<RegistryServiceInstance> latest = this.current;
			if (latest != null && latest != this.emitted) {
				this.emitted = latest;
				this.updates.tryEmitNext(latest);
			}
		}
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	@Override
	public void close() {
		synchronized (this) {
			this.closed = true;
			this.pollers.values().forEach(Thread::interrupt);
			if (this.resolver != null) {
				this.resolver.interrupt();
			}
		}
		synchronized (this.emitting) {
			this.updates.tryEmitComplete();
		}
	}

}
