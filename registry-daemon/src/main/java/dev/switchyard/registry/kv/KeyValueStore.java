package dev.switchyard.registry.kv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import dev.switchyard.registry.instance.InstanceStore;

import org.springframework.core.log.LogMessage;

/**
 * Keys and their values, versioned by the registry's index as Consul's KV is: each write
 * is a change of the registry, so the blocking queries of {@link InstanceStore} wait for
 * keys too, and {@code cas} compares a key's {@link KeyValueEntry#modifyIndex()}.
 * <p>
 * A deleted key is remembered (a tombstone with the index of its deletion), so that a
 * blocking query on it wakes up. Optionally written to a file after every change and read
 * back at startup.
 */
public class KeyValueStore {

	private static final Log logger = LogFactory.getLog(KeyValueStore.class);

	/**
	 * Segments of letters, digits, {@code .}, {@code _} and {@code -}, not {@code .} or
	 * {@code ..}.
	 */
	private static final Pattern KEY = Pattern
		.compile("(?!\\.{1,2}(/|$))[A-Za-z0-9._-]+(/(?!\\.{1,2}(/|$))[A-Za-z0-9._-]+)*");

	private static final int MAX_KEY_LENGTH = 256;

	private static final int MAX_TOMBSTONES = 1000;

	private static final String TOPIC = "kv:";

	private final InstanceStore registry;

	private final KeyValueProperties properties;

	private final JsonMapper json;

	private final ReentrantLock lock = new ReentrantLock();

	/** Live keys and tombstones (value {@code null}). */
	private final NavigableMap<String, Slot> slots = new TreeMap<>();

	private int live;

	public KeyValueStore(InstanceStore registry, KeyValueProperties properties, JsonMapper json) {
		this.registry = registry;
		this.properties = properties;
		this.json = json;
		load();
	}

	/**
	 * Return whether a key is well formed: segments separated by {@code /}, each of
	 * letters, digits, {@code .}, {@code _} and {@code -}, at most 256 characters.
	 * @param key the key
	 * @return {@code true} if it is
	 */
	public static boolean isValidKey(String key) {
		return key.length() <= MAX_KEY_LENGTH && KEY.matcher(key).matches();
	}

	/**
	 * Return whether a prefix is well formed: empty, a key, or a key followed by
	 * {@code /}.
	 * @param prefix the prefix
	 * @return {@code true} if it is
	 */
	public static boolean isValidPrefix(String prefix) {
		String key = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
		return prefix.isEmpty() || isValidKey(key);
	}

	/**
	 * Return a key with the index of its last change.
	 * @param key the key
	 * @return the entry if the key exists, and the index a blocking query passes on
	 */
	public Read<Optional<KeyValueEntry>> get(String key) {
		return locked(() -> {
			Slot slot = this.slots.get(key);
			if (slot == null) {
				return new Read<>(Optional.empty(), this.registry.index());
			}
			return new Read<>(Optional.ofNullable(slot.entry()), slot.index);
		});
	}

	/**
	 * Return the keys under a prefix, sorted, with the index of the last change under it.
	 * @param prefix the prefix, empty for every key
	 * @return the entries and the index
	 */
	public Read<List<KeyValueEntry>> list(String prefix) {
		return locked(() -> {
			List<KeyValueEntry> entries = new ArrayList<>();
			long index = 0;
			for (Slot slot : under(prefix).values()) {
				index = Math.max(index, slot.index);
				if (slot.entry() != null) {
					entries.add(slot.entry());
				}
			}
			return new Read<>(entries, (index > 0) ? index : this.registry.index());
		});
	}

	/**
	 * Write a key.
	 * @param key a valid key
	 * @param value the value
	 * @param cas when not {@code null}, write only if the key's modify index is this one
	 * ({@code 0}: only if the key does not exist)
	 * @return the written entry
	 * @throws CasMismatchException if {@code cas} does not match
	 * @throws TooManyKeysException if the key is new and the store is full
	 */
	public KeyValueEntry put(String key, String value, @Nullable Long cas) {
		checkKey(key);
		return changing(() -> {
			Slot slot = this.slots.get(key);
			KeyValueEntry current = (slot != null) ? slot.entry() : null;
			checkCas(key, current, cas);
			if (current == null && this.live >= this.properties.maxKeys()) {
				throw new TooManyKeysException(this.properties.maxKeys());
			}
			KeyValueEntry entry = this.registry.advance(TOPIC + key, (index) -> {
				KeyValueEntry written = new KeyValueEntry(key, value, (current != null) ? current.createIndex() : index,
						index);
				this.slots.put(key, new Slot(written, index));
				return written;
			});
			if (current == null) {
				this.live++;
			}
			logger.info(
					LogMessage.format("Key %s written (index %d, %d bytes)", key, entry.modifyIndex(), value.length()));
			return entry;
		});
	}

	/**
	 * Delete a key.
	 * @param key a valid key
	 * @param cas when not {@code null}, delete only if the key's modify index is this one
	 * @return whether the key existed
	 * @throws CasMismatchException if {@code cas} does not match
	 */
	public boolean delete(String key, @Nullable Long cas) {
		checkKey(key);
		return changing(() -> {
			Slot slot = this.slots.get(key);
			KeyValueEntry current = (slot != null) ? slot.entry() : null;
			checkCas(key, current, cas);
			if (current == null) {
				return false;
			}
			this.live--;
			long index = this.registry.advance(TOPIC + key, (deleted) -> {
				this.slots.put(key, new Slot(null, deleted));
				return deleted;
			});
			dropOldTombstones();
			logger.info(LogMessage.format("Key %s deleted (index %d)", key, index));
			return true;
		});
	}

	/**
	 * Return a future that completes once the key changes after the given index.
	 * @param key the key
	 * @param index the index the caller has seen
	 * @return the future, to cancel when no longer waiting
	 */
	public CompletableFuture<Void> awaitKey(String key, long index) {
		String topic = TOPIC + key;
		return locked(() -> {
			Slot slot = this.slots.get(key);
			return this.registry.awaitTopic(topic::equals, index, (slot != null) ? slot.index : 0);
		});
	}

	/**
	 * Return a future that completes once a key under the prefix changes after the given
	 * index.
	 * @param prefix the prefix
	 * @param index the index the caller has seen
	 * @return the future, to cancel when no longer waiting
	 */
	public CompletableFuture<Void> awaitPrefix(String prefix, long index) {
		String topics = TOPIC + prefix;
		return locked(() -> {
			long current = under(prefix).values().stream().mapToLong(Slot::index).max().orElse(0);
			return this.registry.awaitTopic((topic) -> topic.startsWith(topics), index, current);
		});
	}

	/**
	 * Return how many keys the store holds.
	 * @return the number of keys
	 */
	public int size() {
		return locked(() -> this.live);
	}

	private Map<String, Slot> under(String prefix) {
		return prefix.isEmpty() ? this.slots : this.slots.subMap(prefix, true, prefix + Character.MAX_VALUE, false);
	}

	private void checkCas(String key, @Nullable KeyValueEntry current, @Nullable Long cas) {
		if (cas == null) {
			return;
		}
		long actual = (current != null) ? current.modifyIndex() : 0;
		if (actual != cas) {
			throw new CasMismatchException(key, cas, actual);
		}
	}

	private void dropOldTombstones() {
		int tombstones = this.slots.size() - this.live;
		if (tombstones <= MAX_TOMBSTONES) {
			return;
		}
		// the oldest deletions go first: a query still waiting on one sees it at its
		// timeout
		List<Map.Entry<String, Slot>> dead = new ArrayList<>();
		this.slots.entrySet().stream().filter((e) -> e.getValue().entry() == null).forEach(dead::add);
		dead.sort(Map.Entry.comparingByValue((a, b) -> Long.compare(a.index, b.index)));
		for (Iterator<Map.Entry<String, Slot>> it = dead.iterator(); it.hasNext() && tombstones > MAX_TOMBSTONES;) {
			this.slots.remove(it.next().getKey());
			tombstones--;
		}
	}

	private static void checkKey(String key) {
		if (!isValidKey(key)) {
			throw new IllegalArgumentException("Invalid key " + key);
		}
	}

	private <T> T changing(Supplier<T> change) {
		return locked(() -> {
			T result = change.get();
			save();
			return result;
		});
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

	private void load() {
		Path file = this.properties.file();
		if (file == null || !Files.exists(file)) {
			return;
		}
		try {
			Snapshot snapshot = this.json.readValue(file.toFile(), Snapshot.class);
			long max = 0;
			for (KeyValueEntry entry : snapshot.entries()) {
				if (!isValidKey(entry.key())) {
					throw new IllegalStateException("Invalid key " + entry.key() + " in " + file);
				}
				this.slots.put(entry.key(), new Slot(entry, entry.modifyIndex()));
				max = Math.max(max, entry.modifyIndex());
			}
			this.live = snapshot.entries().size();
			this.registry.restoreIndex(max);
			logger.info(LogMessage.format("Read %d keys from %s (index %d)", this.live, file, max));
		}
		catch (JacksonException ex) {
			// refusing to start is better than serving an empty store as if it were the
			// truth
			throw new IllegalStateException("Cannot read the key/value store from " + file + ": " + ex.getMessage(),
					ex);
		}
	}

	private void save() {
		Path file = this.properties.file();
		if (file == null) {
			return;
		}
		List<KeyValueEntry> entries = this.slots.values().stream().map(Slot::entry).filter((e) -> e != null).toList();
		try {
			Path parent = file.toAbsolutePath().getParent();
			Files.createDirectories(parent);
			Path temporary = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
			Files.write(temporary, this.json.writeValueAsBytes(new Snapshot(entries)));
			try {
				Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException ex) {
				Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		catch (IOException ex) {
			// the change is made and visible; losing it at the next restart is what a
			// store without a file does, so say so loudly rather than fail the write
			logger.error("Cannot write the key/value store to " + file + ": " + ex);
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * What a read returns with the index a blocking query on it passes.
	 *
	 * @param <T> the result's type
	 * @param value the result
	 * @param index the index of the last change of what was read
	 */
	public record Read<T>(T value, long index) {

	}

	private record Slot(@Nullable KeyValueEntry entry, long index) {

	}

	record Snapshot(List<KeyValueEntry> entries) {

	}

}
