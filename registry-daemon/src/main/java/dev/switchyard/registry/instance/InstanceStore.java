package dev.switchyard.registry.instance;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.log.LogMessage;
import org.springframework.util.Assert;

/**
 * The registry's state: every instance with its lease, the global change index and the
 * blocking queries waiting for a change.
 * <p>
 * Every change that a reader can observe increments the index, and the service it
 * concerns remembers that index, also after its last instance is gone. Renewing a lease
 * is not such a change. Thread-safe; one lock guards everything because each operation is
 * short and the registry small.
 * <p>
 * The index and the blocking queries are the registry's, not only the instances': another
 * part of its state (the key/value store) {@link #advance advances} the same index under
 * a topic of its own and {@link #awaitTopic waits} on it through the same queries.
 */
public class InstanceStore {

	private static final Log logger = LogFactory.getLog(InstanceStore.class);

	private final Clock clock;

	private final ReentrantLock lock = new ReentrantLock();

	private final Map<String, ServiceEntry> services = new HashMap<>();

	private final List<Consumer<String>> registrationListeners = new CopyOnWriteArrayList<>();

	private final Set<Watch> watches = new HashSet<>();

	private final Map<RemovalReason, LongAdder> removals = new EnumMap<>(RemovalReason.class);

	private final LongAdder registrations = new LongAdder();

	private long index;

	private boolean closed;

	public InstanceStore(Clock clock) {
		this.clock = clock;
		for (RemovalReason reason : RemovalReason.values()) {
			this.removals.put(reason, new LongAdder());
		}
	}

	/**
	 * Register an instance, replacing any registration under the same key with a new
	 * lease, status {@link InstanceStatus#UP} and a passing health state.
	 * @param key the instance key
	 * @param host the host name or IP literal
	 * @param port the port
	 * @param metadata the metadata, checked against the {@link MetadataRules}
	 * @param ttlSeconds the lease time to live
	 * @return the registered instance
	 * @throws InvalidMetadataException if the metadata is invalid
	 */
	public Instance register(InstanceKey key, String host, int port, Map<String, String> metadata, int ttlSeconds) {
		Assert.isTrue(HostNames.isValid(host), () -> "Invalid host " + host);
		Assert.isTrue(port >= 1 && port <= 65535, () -> "Invalid port " + port);
		Assert.isTrue(ttlSeconds >= 1, () -> "Invalid time to live " + ttlSeconds);
		throwIfInvalid(MetadataRules.validate(metadata));
		Instant now = now();
		Instance instance = update((woken) -> {
			ServiceEntry entry = this.services.computeIfAbsent(key.service(), ServiceEntry::new);
			Registration registration = new Registration(key, this.index + 1, host, port, ttlSeconds, now,
					new TreeMap<>(metadata));
			boolean replaced = entry.instances.put(key.instanceId(), registration) != null;
			this.registrations.increment();
			changed(entry, woken);
			logger.info(LogMessage.format("%s %s at %s (ttl %ss)", replaced ? "Re-registered" : "Registered", key,
					registration.toInstance().authority(), ttlSeconds));
			return registration.toInstance();
		});
		this.registrationListeners.forEach((listener) -> listener.accept(key.service()));
		return instance;
	}

	/**
	 * Call a listener with the service's name after each registration, outside the
	 * store's lock.
	 * @param listener the listener
	 */
	public void onRegistration(Consumer<String> listener) {
		this.registrationListeners.add(listener);
	}

	/**
	 * Renew the lease of an instance. Does not change the index. An instance whose lease
	 * has run out is removed rather than renewed, so its owner registers again.
	 * @param key the instance key
	 * @return the renewed instance, or empty if it is not registered
	 */
	public Optional<Instance> heartbeat(InstanceKey key) {
		Instant now = now();
		return update((woken) -> {
			ServiceEntry entry = this.services.get(key.service());
			Registration registration = find(entry, key);
			if (registration == null) {
				return Optional.empty();
			}
			if (registration.isExpired(now)) {
				remove(entry, registration, RemovalReason.EXPIRED, woken);
				return Optional.empty();
			}
			registration.lastHeartbeat = now;
			return Optional.of(registration.toInstance());
		});
	}

	/**
	 * Record the status an instance's owner asks for. A failing health check still shows
	 * the instance {@link InstanceStatus#DOWN}; a passing one never overrides the
	 * requested status.
	 * @param key the instance key
	 * @param status the requested status
	 * @return the instance, or empty if it is not registered
	 */
	public Optional<Instance> requestStatus(InstanceKey key, InstanceStatus status) {
		Assert.notNull(status, "'status' must not be null");
		return update((woken) -> {
			ServiceEntry entry = this.services.get(key.service());
			Registration registration = find(entry, key);
			if (registration == null) {
				return Optional.empty();
			}
			if (registration.requested != status) {
				InstanceStatus before = registration.status();
				registration.requested = status;
				changed(entry, woken);
				logger.info(LogMessage.format("%s asked for status %s: %s -> %s", key, status, before,
						registration.status()));
			}
			return Optional.of(registration.toInstance());
		});
	}

	/**
	 * Merge a change into an instance's metadata: a {@code null} value removes its key.
	 * @param key the instance key
	 * @param patch the entries to set or remove
	 * @return the instance, or empty if it is not registered
	 * @throws InvalidMetadataException if a key is invalid or the result would be
	 */
	public Optional<Instance> patchMetadata(InstanceKey key, Map<String, String> patch) {
		throwIfInvalid(MetadataRules.validateKeys(patch.keySet()));
		return update((woken) -> {
			ServiceEntry entry = this.services.get(key.service());
			Registration registration = find(entry, key);
			if (registration == null) {
				return Optional.empty();
			}
			Map<String, String> merged = new TreeMap<>(registration.metadata);
			patch.forEach((name, value) -> {
				if (value != null) {
					merged.put(name, value);
				}
				else {
					merged.remove(name);
				}
			});
			throwIfInvalid(MetadataRules.validate(merged));
			if (!merged.equals(registration.metadata)) {
				registration.metadata = merged;
				changed(entry, woken);
				logger.info(LogMessage.format("%s metadata changed by %s", key, patch));
			}
			return Optional.of(registration.toInstance());
		});
	}

	/**
	 * Remove an instance at its owner's request.
	 * @param key the instance key
	 * @return the removed instance, or empty if it was not registered
	 */
	public Optional<Instance> deregister(InstanceKey key) {
		return update((woken) -> {
			ServiceEntry entry = this.services.get(key.service());
			Registration registration = find(entry, key);
			return Optional.ofNullable(registration)
				.map((found) -> remove(entry, found, RemovalReason.DEREGISTERED, woken));
		});
	}

	/**
	 * Remove every instance whose lease has run out.
	 * @return the removed instances
	 */
	public List<Instance> expireLeases() {
		Instant now = now();
		return update((woken) -> {
			List<Instance> expired = new ArrayList<>();
			for (ServiceEntry entry : this.services.values()) {
				for (Registration registration : List.copyOf(entry.instances.values())) {
					if (registration.isExpired(now)) {
						expired.add(remove(entry, registration, RemovalReason.EXPIRED, woken));
					}
				}
			}
			return expired;
		});
	}

	/**
	 * Record the outcome of active health checks: the instance shows
	 * {@link InstanceStatus#DOWN} while unhealthy, and its requested status again once
	 * healthy.
	 * @param target the registration that was checked
	 * @param healthy whether the instance is now considered healthy
	 * @param cause what the checker saw, for the log
	 * @return {@code true} if the health state changed, {@code false} if it did not or if
	 * the registration is gone or was replaced
	 */
	public boolean updateHealth(HealthTarget target, boolean healthy, String cause) {
		InstanceKey key = target.instance().key();
		return update((woken) -> {
			ServiceEntry entry = this.services.get(key.service());
			Registration registration = find(entry, key);
			if (registration == null || registration.generation != target.generation()
					|| registration.healthy == healthy) {
				return false;
			}
			InstanceStatus before = registration.status();
			registration.healthy = healthy;
			changed(entry, woken);
			logger.info(LogMessage.format("%s health check %s (%s): %s -> %s", key, healthy ? "passing" : "failing",
					cause, before, registration.status()));
			return true;
		});
	}

	/**
	 * Return the instances of a service. A service without instances answers with an
	 * empty list and the index of its last change, or the current index if it never had
	 * one, so that a blocking query can wait for its first instance.
	 * @param service the service name
	 * @return the snapshot
	 */
	public ServiceSnapshot service(String service) {
		return locked(() -> {
			ServiceEntry entry = this.services.get(service);
			if (entry == null) {
				return new ServiceSnapshot(service, this.index, List.of());
			}
			return new ServiceSnapshot(service, entry.index, entry.instances());
		});
	}

	/**
	 * Return every service that has instances.
	 * @return the snapshot
	 */
	public CatalogSnapshot catalog() {
		return locked(() -> {
			Map<String, List<Instance>> catalog = new TreeMap<>();
			this.services.forEach((name, entry) -> {
				if (!entry.instances.isEmpty()) {
					catalog.put(name, entry.instances());
				}
			});
			return new CatalogSnapshot(this.index, catalog);
		});
	}

	/**
	 * Return every registered instance with its registration generation.
	 * @return the instances to check
	 */
	public List<HealthTarget> healthTargets() {
		return locked(() -> this.services.values()
			.stream()
			.flatMap((entry) -> entry.instances.values().stream())
			.map((registration) -> new HealthTarget(registration.toInstance(), registration.generation))
			.toList());
	}

	/**
	 * Return the current index.
	 * @return the index of the last change
	 */
	public long index() {
		return locked(() -> this.index);
	}

	/**
	 * Count the instances with the given status.
	 * @param status the status
	 * @return the number of instances
	 */
	public int count(InstanceStatus status) {
		return locked(() -> (int) this.services.values()
			.stream()
			.flatMap((entry) -> entry.instances.values().stream())
			.filter((registration) -> registration.status() == status)
			.count());
	}

	/**
	 * Count a service's instances with the given status.
	 * @param service the service name
	 * @param status the status
	 * @return the number of instances, 0 for a service the registry does not hold
	 */
	public int count(String service, InstanceStatus status) {
		return locked(() -> {
			ServiceEntry entry = this.services.get(service);
			return (entry != null) ? (int) entry.instances.values()
				.stream()
				.filter((registration) -> registration.status() == status)
				.count() : 0;
		});
	}

	/**
	 * Return the names of the services the registry holds.
	 * @return the service names
	 */
	public Set<String> serviceNames() {
		return locked(() -> Set.copyOf(this.services.keySet()));
	}

	/**
	 * Return how many registrations the daemon has accepted since startup.
	 * @return the number of registrations
	 */
	public long registrations() {
		return this.registrations.sum();
	}

	/**
	 * Return how many instances were removed for the given reason since startup.
	 * @param reason the reason
	 * @return the number of removals
	 */
	public long removals(RemovalReason reason) {
		return this.removals.get(reason).sum();
	}

	/**
	 * Return how many blocking queries are waiting for a change.
	 * @return the number of waiting queries
	 */
	public int waiting() {
		return locked(this.watches::size);
	}

	/**
	 * Return a future that completes once the given service changes after the given
	 * index. It completes at once if the service already has, or if the index is ahead of
	 * the registry's (the caller saw an earlier run of the daemon). Cancel it to stop
	 * waiting.
	 * @param service the service name
	 * @param index the index the caller has seen
	 * @return the future
	 */
	public CompletableFuture<Void> awaitChange(String service, long index) {
		Assert.notNull(service, "'service' must not be null");
		return locked(() -> register(service::equals, index, serviceIndex(service)));
	}

	/**
	 * Return a future that completes once anything changes after the given index, see
	 * {@link #awaitChange(String, long)}.
	 * @param index the index the caller has seen
	 * @return the future
	 */
	public CompletableFuture<Void> awaitAnyChange(long index) {
		return locked(() -> register(null, index, this.index));
	}

	/**
	 * Return a future that completes once a change of a topic the predicate accepts is
	 * {@link #advance published} after the given index, see
	 * {@link #awaitChange(String, long)}. The caller holds the lock of its own state, so
	 * that no change of it comes between reading {@code current} and waiting.
	 * @param topics the topics that wake the query
	 * @param index the index the caller has seen
	 * @param current the index of the last change of those topics
	 * @return the future
	 */
	public CompletableFuture<Void> awaitTopic(Predicate<String> topics, long index, long current) {
		Assert.notNull(topics, "'topics' must not be null");
		return locked(() -> register(topics, index, current));
	}

	/**
	 * Count a change of another part of the registry's state: increment the index, make
	 * the change with it, then wake the queries waiting on the topic (and on any change),
	 * which thus see the change made. The caller holds the lock of its own state, so that
	 * indexes follow the order of its changes.
	 * @param <T> the change's result type
	 * @param topic the topic of the change, never a service name (those have no
	 * {@code :})
	 * @param change makes the change, given its index
	 * @return the change's result
	 */
	public <T> T advance(String topic, LongFunction<T> change) {
		Assert.isTrue(topic.indexOf(':') > 0, () -> "Topic " + topic + " may clash with a service name");
		return update((woken) -> {
			T result = change.apply(this.index + 1);
			this.index++;
			wake(topic, woken);
			return result;
		});
	}

	/**
	 * Raise the index to at least the given one, for state restored from a previous run
	 * whose changes carry indexes up to it.
	 * @param restored the highest restored index
	 */
	public void restoreIndex(long restored) {
		locked(() -> {
			this.index = Math.max(this.index, restored);
			return null;
		});
	}

	/**
	 * Complete every waiting query and those that come later, so that the server can shut
	 * down without waiting for them to time out.
	 */
	public void release() {
		List<Watch> woken = update((released) -> {
			this.closed = true;
			released.addAll(this.watches);
			this.watches.clear();
			return released;
		});
		if (!woken.isEmpty()) {
			logger.debug(LogMessage.format("Released %d waiting queries", woken.size()));
		}
	}

	// called with the lock held
	private CompletableFuture<Void> register(Predicate<String> topics, long seen, long current) {
		if (this.closed || current > seen || seen > this.index) {
			return CompletableFuture.completedFuture(null);
		}
		Watch watch = new Watch(topics, seen);
		this.watches.add(watch);
		watch.future.whenComplete((result, ex) -> forget(watch));
		return watch.future;
	}

	private long serviceIndex(String service) {
		ServiceEntry entry = this.services.get(service);
		return (entry != null) ? entry.index : 0;
	}

	private void forget(Watch watch) {
		this.lock.lock();
		try {
			this.watches.remove(watch);
		}
		finally {
			this.lock.unlock();
		}
	}

	private Registration find(ServiceEntry entry, InstanceKey key) {
		return (entry != null) ? entry.instances.get(key.instanceId()) : null;
	}

	private Instance remove(ServiceEntry entry, Registration registration, RemovalReason reason, List<Watch> woken) {
		entry.instances.remove(registration.key.instanceId());
		this.removals.get(reason).increment();
		changed(entry, woken);
		Instance instance = registration.toInstance();
		if (reason == RemovalReason.EXPIRED) {
			logger.info(LogMessage.format("Lease of %s at %s expired (no heartbeat since %s, ttl %ss)",
					registration.key, instance.authority(), registration.lastHeartbeat, registration.ttlSeconds));
		}
		else {
			logger.info(LogMessage.format("Deregistered %s at %s", registration.key, instance.authority()));
		}
		return instance;
	}

	private void changed(ServiceEntry entry, List<Watch> woken) {
		this.index++;
		entry.index = this.index;
		wake(entry.name, woken);
	}

	private void wake(String topic, List<Watch> woken) {
		for (Iterator<Watch> iterator = this.watches.iterator(); iterator.hasNext();) {
			Watch watch = iterator.next();
			if (watch.isWokenBy(topic, this.index)) {
				iterator.remove();
				woken.add(watch);
			}
		}
	}

	private <T> T update(Function<List<Watch>, T> action) {
		List<Watch> woken = new ArrayList<>();
		T result;
		this.lock.lock();
		try {
			result = action.apply(woken);
		}
		finally {
			this.lock.unlock();
		}
		// outside the lock: completing runs the waiters' callbacks
		woken.forEach((watch) -> watch.future.complete(null));
		return result;
	}

	private <T> T locked(Supplier<T> action) {
		this.lock.lock();
		try {
			return action.get();
		}
		finally {
			this.lock.unlock();
		}
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

	private static void throwIfInvalid(List<String> violations) {
		if (!violations.isEmpty()) {
			throw new InvalidMetadataException(violations);
		}
	}

	private static final class ServiceEntry {

		private final String name;

		private final NavigableMap<String, Registration> instances = new TreeMap<>();

		private long index;

		ServiceEntry(String name) {
			this.name = name;
		}

		List<Instance> instances() {
			return this.instances.values().stream().map(Registration::toInstance).toList();
		}

	}

	private static final class Registration {

		private final InstanceKey key;

		private final long generation;

		private final String host;

		private final int port;

		private final int ttlSeconds;

		private final Instant registeredAt;

		private Map<String, String> metadata;

		private Instant lastHeartbeat;

		private InstanceStatus requested = InstanceStatus.UP;

		private boolean healthy = true;

		Registration(InstanceKey key, long generation, String host, int port, int ttlSeconds, Instant registeredAt,
				Map<String, String> metadata) {
			this.key = key;
			this.generation = generation;
			this.host = host;
			this.port = port;
			this.ttlSeconds = ttlSeconds;
			this.registeredAt = registeredAt;
			this.lastHeartbeat = registeredAt;
			this.metadata = metadata;
		}

		InstanceStatus status() {
			return (this.healthy) ? this.requested : InstanceStatus.DOWN;
		}

		boolean isExpired(Instant now) {
			return now.isAfter(this.lastHeartbeat.plusSeconds(this.ttlSeconds));
		}

		Instance toInstance() {
			return new Instance(this.key.service(), this.key.instanceId(), this.host, this.port, status(),
					this.metadata, this.ttlSeconds, this.registeredAt, this.lastHeartbeat);
		}

	}

	private static final class Watch {

		/**
		 * The topics (service names, or another state's topics) it waits on; any if null.
		 */
		private final Predicate<String> topics;

		private final long index;

		private final CompletableFuture<Void> future = new CompletableFuture<>();

		Watch(Predicate<String> topics, long index) {
			this.topics = topics;
			this.index = index;
		}

		boolean isWokenBy(String topic, long newIndex) {
			return newIndex > this.index && (this.topics == null || this.topics.test(topic));
		}

	}

}
