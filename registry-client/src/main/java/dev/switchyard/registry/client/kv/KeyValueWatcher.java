package dev.switchyard.registry.client.kv;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.switchyard.registry.client.BlockingQueryLoop;
import dev.switchyard.registry.client.KeyValueEntry;
import dev.switchyard.registry.client.KeyValueRead;
import dev.switchyard.registry.client.RegistryClient;

/**
 * Keeps a key, or the keys under a prefix, current by long-polling the registry with
 * blocking queries, as {@code ServiceWatcher} does for a service: the listener gets the
 * entries at the first answer and after every change; while the registry cannot be
 * reached it gets nothing, so its user keeps the last entries it had.
 * <p>
 * It asks the daemon {@code daemon} supplies each time (the first configured one, where
 * writes go), since daemons do not replicate their stores to each other.
 */
public class KeyValueWatcher implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(KeyValueWatcher.class);

	private final String key;

	private final boolean recurse;

	private final Supplier<RegistryClient> daemon;

	private final Duration maxWait;

	private final Duration retryMaxBackoff;

	private final Consumer<List<KeyValueEntry>> listener;

	private volatile List<KeyValueEntry> current;

	private volatile boolean closed;

	private Thread poller;

	/**
	 * Create a watcher; {@link #start()} begins polling.
	 * @param key the key, or the prefix when {@code recurse}
	 * @param recurse whether to watch every key under the prefix {@code key}
	 * @param daemon the client of the daemon to ask, asked again before each query
	 * @param maxWait how long each blocking query may be held
	 * @param retryMaxBackoff the longest wait between two failed queries
	 * @param listener gets the entries (none, one, or those under the prefix) at the
	 * first answer and after each change, on the watcher's thread
	 */
	public KeyValueWatcher(String key, boolean recurse, Supplier<RegistryClient> daemon, Duration maxWait,
			Duration retryMaxBackoff, Consumer<List<KeyValueEntry>> listener) {
		this.key = key;
		this.recurse = recurse;
		this.daemon = daemon;
		this.maxWait = maxWait;
		this.retryMaxBackoff = retryMaxBackoff;
		this.listener = listener;
	}

	/**
	 * Start polling on a virtual thread.
	 * @return this watcher
	 */
	public synchronized KeyValueWatcher start() {
		if (this.poller == null && !this.closed) {
			this.poller = Thread.ofVirtual().name("registry-kv-watch-" + this.key).start(this::poll);
		}
		return this;
	}

	/**
	 * Return the entries of the last answer.
	 * @return the entries, or {@code null} before the first answer
	 */
	public List<KeyValueEntry> current() {
		return this.current;
	}

	private void poll() {
		new BlockingQueryLoop("key " + this.key, this.retryMaxBackoff, () -> this.closed, logger,
				(index, recovering) -> {
					KeyValueRead read = this.daemon.get().keyValues(this.key, this.recurse, index, this.maxWait);
					if (!read.entries().equals(this.current)) {
						this.current = read.entries();
						this.listener.accept(read.entries());
					}
					// an index that went back is a restarted daemon: start over from its
					// state
					return (read.index() < index) ? 0 : read.index();
				})
			.run();
	}

	@Override
	public synchronized void close() {
		this.closed = true;
		if (this.poller != null) {
			this.poller.interrupt();
		}
	}

}
