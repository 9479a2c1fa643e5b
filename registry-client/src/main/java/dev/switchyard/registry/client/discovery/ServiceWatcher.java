package dev.switchyard.registry.client.discovery;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import dev.switchyard.registry.client.RegisteredInstance;
import dev.switchyard.registry.client.RegistryClient;
import dev.switchyard.registry.client.RegistryClientException;
import dev.switchyard.registry.client.RegistryClientProperties;
import dev.switchyard.registry.client.ServiceSnapshot;

/**
 * Keeps the instances of one service current by long-polling every daemon with blocking
 * queries, merging their answers, and keeping the last known instances of a daemon that
 * cannot be reached.
 */
public class ServiceWatcher implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(ServiceWatcher.class);

	private static final Duration FIRST_RETRY = Duration.ofMillis(100);

	private final String service;

	private final List<RegistryClient> clients;

	private final RegistryClientProperties.Discovery properties;

	private final Map<URI, List<RegisteredInstance>> bySource = new ConcurrentHashMap<>();

	private final Sinks.Many<List<RegistryServiceInstance>> updates = Sinks.many().replay().latest();

	private final List<Thread> pollers = new ArrayList<>();

	private volatile List<RegistryServiceInstance> current;

	private volatile boolean closed;

	/**
	 * Create a watcher; {@link #start()} begins polling.
	 * @param service the service to watch
	 * @param clients a client per daemon
	 * @param properties the discovery properties
	 */
	public ServiceWatcher(String service, List<RegistryClient> clients, RegistryClientProperties.Discovery properties) {
		this.service = service;
		this.clients = clients;
		this.properties = properties;
	}

	/**
	 * Start one long-polling virtual thread per daemon.
	 * @return this watcher
	 */
	public synchronized ServiceWatcher start() {
		if (this.pollers.isEmpty()) {
			for (RegistryClient client : this.clients) {
				this.pollers.add(Thread.ofVirtual()
					.name("registry-watch-" + this.service + "-" + client.baseUrl().getAuthority())
					.start(() -> poll(client)));
			}
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

	private void poll(RegistryClient client) {
		long index = 0;
		Duration backoff = FIRST_RETRY;
		boolean failing = false;
		while (!this.closed && !Thread.currentThread().isInterrupted()) {
			try {
				ServiceSnapshot snapshot = client.service(this.service, index, this.properties.maxWait());
				// a restarted daemon counts from the start again
				index = (snapshot.index() < index) ? 0 : snapshot.index();
				update(client.baseUrl(), snapshot.instances());
				if (failing) {
					logger.info("Registry at " + client.baseUrl() + " is back for " + this.service);
				}
				failing = false;
				backoff = FIRST_RETRY;
			}
			catch (RegistryClientException ex) {
				if (this.closed) {
					return;
				}
				if (!failing) {
					logger.warn("Registry at " + client.baseUrl() + " unavailable; keeping the last known "
							+ this.service + " instances: " + ex.getMessage());
				}
				failing = true;
				// ask for the full state first once it is back: its index may have
				// restarted
				index = 0;
				if (!sleep(backoff)) {
					return;
				}
				backoff = backoff.multipliedBy(2).compareTo(this.properties.retryMaxBackoff()) > 0
						? this.properties.retryMaxBackoff() : backoff.multipliedBy(2);
			}
		}
	}

	private synchronized void update(URI source, List<RegisteredInstance> instances) {
		this.bySource.put(source, instances);
		Map<String, RegisteredInstance> merged = new LinkedHashMap<>();
		for (RegistryClient client : this.clients) {
			for (RegisteredInstance instance : this.bySource.getOrDefault(client.baseUrl(), List.of())) {
				merged.putIfAbsent(instance.instanceId(), instance);
			}
		}
		List<RegistryServiceInstance> list = merged.values()
			.stream()
			.sorted(Comparator.comparing(RegisteredInstance::instanceId))
			.map(RegistryServiceInstance::new)
			.toList();
		this.current = list;
		this.updates.tryEmitNext(list);
	}

	private static boolean sleep(Duration duration) {
		try {
			Thread.sleep(duration);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	@Override
	public synchronized void close() {
		this.closed = true;
		this.pollers.forEach(Thread::interrupt);
		this.updates.tryEmitComplete();
	}

}
