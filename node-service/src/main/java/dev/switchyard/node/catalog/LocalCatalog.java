package dev.switchyard.node.catalog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BooleanSupplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Component;

/**
 * This node's full copy of the catalog, in memory: reads never leave the node. Entries
 * arrive only through {@link #apply(List)}, in the log's order, so every node that has
 * applied version V holds exactly the same entries.
 */
@Component
public class LocalCatalog implements MeterBinder {

	private static final Log logger = LogFactory.getLog(LocalCatalog.class);

	private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

	private final Map<String, CatalogEntry> entries = new HashMap<>();

	private final ReentrantLock progress = new ReentrantLock();

	private final Condition advanced = this.progress.newCondition();

	private volatile long version;

	private volatile boolean loaded;

	/**
	 * Return the entry under a key.
	 * @param key the key
	 * @return the entry, empty if there is none
	 */
	public Optional<CatalogEntry> get(String key) {
		this.lock.readLock().lock();
		try {
			return Optional.ofNullable(this.entries.get(key));
		}
		finally {
			this.lock.readLock().unlock();
		}
	}

	/**
	 * Return every entry together with the version they are the state of.
	 * @return the snapshot, entries sorted by key
	 */
	public Snapshot snapshot() {
		List<CatalogEntry> copy;
		long at;
		this.lock.readLock().lock();
		try {
			copy = new ArrayList<>(this.entries.values());
			at = this.version;
		}
		finally {
			this.lock.readLock().unlock();
		}
		copy.sort(Comparator.comparing(CatalogEntry::key));
		return new Snapshot(at, copy);
	}

	/**
	 * Return the last version applied.
	 * @return the version, 0 before the first entry
	 */
	public long version() {
		return this.version;
	}

	/**
	 * Return the number of keys.
	 * @return the size
	 */
	public int size() {
		this.lock.readLock().lock();
		try {
			return this.entries.size();
		}
		finally {
			this.lock.readLock().unlock();
		}
	}

	/**
	 * Return whether this copy has caught up with the log since the node started; from
	 * then on it may lag, but it is never missing what was written before it started.
	 * @return {@code true} once caught up
	 */
	public boolean isLoaded() {
		return this.loaded;
	}

	/**
	 * Apply entries read from the log, in order. An entry at or below the current version
	 * has been applied already and is skipped.
	 * @param batch the entries, in log order
	 * @return the number of entries applied
	 */
	public int apply(List<CatalogEntry> batch) {
		int applied = 0;
		this.lock.writeLock().lock();
		try {
			for (CatalogEntry entry : batch) {
				if (entry.version() <= this.version) {
					logger.warn("Skipping catalog version " + entry.version() + ", already at " + this.version
							+ ": was the log reset?");
					continue;
				}
				if (entry.version() != this.version + 1) {
					logger.warn("Catalog log jumps from version " + this.version + " to " + entry.version());
				}
				this.entries.put(entry.key(), entry);
				this.version = entry.version();
				applied++;
			}
		}
		finally {
			this.lock.writeLock().unlock();
		}
		if (applied > 0) {
			signalProgress();
		}
		return applied;
	}

	/**
	 * Replace this copy with a snapshot of the log, as a starting node does, or one that
	 * fell further behind than the log keeps. A snapshot older than this copy is ignored.
	 * @param snapshot every key's latest entry
	 * @param at the version the snapshot is the state of
	 * @return {@code true} if the copy was replaced
	 */
	public boolean replace(List<CatalogEntry> snapshot, long at) {
		this.lock.writeLock().lock();
		try {
			if (at < this.version) {
				return false;
			}
			this.entries.clear();
			snapshot.forEach((entry) -> this.entries.put(entry.key(), entry));
			this.version = at;
		}
		finally {
			this.lock.writeLock().unlock();
		}
		signalProgress();
		return true;
	}

	/**
	 * Record that this copy has caught up with the log.
	 */
	void markLoaded() {
		this.loaded = true;
		signalProgress();
	}

	/**
	 * Wait until this copy has applied a version.
	 * @param minVersion the version
	 * @param timeout the longest to wait
	 * @return {@code true} if the version has been applied
	 * @throws InterruptedException if interrupted while waiting
	 */
	public boolean awaitVersion(long minVersion, Duration timeout) throws InterruptedException {
		return await(() -> this.version >= minVersion, timeout);
	}

	/**
	 * Wait until this copy has caught up with the log.
	 * @param timeout the longest to wait
	 * @return {@code true} if it has
	 * @throws InterruptedException if interrupted while waiting
	 */
	public boolean awaitLoaded(Duration timeout) throws InterruptedException {
		return await(() -> this.loaded, timeout);
	}

	private boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
		if (condition.getAsBoolean()) {
			return true;
		}
		long nanos = timeout.toNanos();
		this.progress.lock();
		try {
			while (!condition.getAsBoolean()) {
				if (nanos <= 0) {
					return false;
				}
				nanos = this.advanced.awaitNanos(nanos);
			}
			return true;
		}
		finally {
			this.progress.unlock();
		}
	}

	private void signalProgress() {
		this.progress.lock();
		try {
			this.advanced.signalAll();
		}
		finally {
			this.progress.unlock();
		}
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("node.catalog.version", this, LocalCatalog::version)
			.description("The last catalog version this node has applied")
			.register(registry);
		Gauge.builder("node.catalog.entries", this, LocalCatalog::size)
			.description("The number of keys in this node's copy of the catalog")
			.register(registry);
	}

	/**
	 * Every entry at one version.
	 *
	 * @param version the version
	 * @param entries the entries, sorted by key
	 */
	public record Snapshot(long version, List<CatalogEntry> entries) {

	}

}
