package dev.switchyard.node.catalog;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.stream.ByteRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.stereotype.Component;

/**
 * Follows the catalog's log on a virtual thread of its own and applies every entry, in
 * order, to this node's {@link LocalCatalog}: the writer's node included, so all copies
 * go through the same versions.
 * <p>
 * On start it loads the log's snapshot and replays the log from the snapshot's id without
 * blocking, then waits for new entries with a blocking {@code XREAD}. A node that finds a
 * gap in the versions (it fell further behind than the log keeps) loads the snapshot
 * again. Starting waits (up to {@code node.catalog.startup-wait}) for the replay, before
 * the web server opens its port: a restarted node neither registers nor takes traffic
 * with a partial copy. When Redis is unreachable the thread retries with backoff, the
 * copy keeps serving reads, and the thread resumes after the last entry it applied.
 */
@Component
public class CatalogReplicator implements SmartLifecycle {

	/**
	 * Starts just before the web server, stops just after it.
	 */
	public static final int PHASE = WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE - 1;

	private static final Log logger = LogFactory.getLog(CatalogReplicator.class);

	private static final Duration FIRST_RETRY = Duration.ofMillis(50);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

	private static final String START = "0-0";

	private static final Duration[] LAG_BUCKETS = Stream.of(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)
		.map(Duration::ofMillis)
		.toArray(Duration[]::new);

	private final RedisConnectionFactory connectionFactory;

	private final LocalCatalog catalog;

	private final CatalogProperties properties;

	private final byte[] stream;

	private final Duration pollTimeout;

	private final Timer lag;

	private volatile boolean running;

	private volatile @Nullable Thread thread;

	private final byte[] snapshot;

	// Kept across stop and start, as the local copy is: a restart resumes where it was.
	private volatile @Nullable String lastId;

	CatalogReplicator(RedisConnectionFactory connectionFactory, LocalCatalog catalog, CatalogProperties properties,
			MeterRegistry meterRegistry) {
		this.connectionFactory = connectionFactory;
		this.catalog = catalog;
		this.properties = properties;
		this.stream = properties.stream().getBytes(StandardCharsets.UTF_8);
		this.snapshot = properties.snapshot().getBytes(StandardCharsets.UTF_8);
		this.pollTimeout = pollTimeout(properties.pollTimeout(), connectionFactory);
		// Buckets rather than client-side percentiles: the p99 across all nodes is then
		// histogram_quantile(0.99, sum by (le)
		// (rate(node_catalog_lag_seconds_bucket[1m]))).
		this.lag = Timer.builder("node.catalog.lag")
			.description("Time from a write's append to the catalog log (XADD) to its apply on this node")
			.serviceLevelObjectives(LAG_BUCKETS)
			.register(meterRegistry);
	}

	@Override
	public void start() {
		this.running = true;
		this.thread = Thread.ofVirtual().name("catalog-replicator").start(this::follow);
		try {
			if (this.catalog.awaitLoaded(this.properties.startupWait())) {
				logger
					.info("Catalog loaded at version " + this.catalog.version() + " from " + this.properties.stream());
			}
			else {
				logger.warn("Catalog not loaded from " + this.properties.stream() + " within "
						+ this.properties.startupWait() + "; starting anyway, not ready until it is");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void stop() {
		this.running = false;
		Thread follower = this.thread;
		if (follower != null) {
			follower.interrupt();
			try {
				if (!follower.join(STOP_TIMEOUT)) {
					logger.warn("Catalog replicator did not stop within " + STOP_TIMEOUT);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.thread = null;
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

	private void follow() {
		String lastId = this.lastId;
		Duration backoff = FIRST_RETRY;
		boolean failing = false;
		RedisConnection connection = null;
		while (this.running) {
			try {
				if (connection == null) {
					connection = this.connectionFactory.getConnection();
				}
				if (lastId == null) {
					lastId = loadSnapshot(connection);
				}
				boolean loaded = this.catalog.isLoaded();
				StreamReadOptions options = StreamReadOptions.empty().count(this.properties.batchSize());
				// Replay without blocking, so that an empty answer means "caught up".
				List<ByteRecord> records = connection.streamCommands()
					.xRead(loaded ? options.block(this.pollTimeout) : options,
							StreamOffset.create(this.stream, ReadOffset.from(lastId)));
				if (records != null && !records.isEmpty()) {
					long before = this.catalog.version();
					if (firstVersion(records) > before + 1) {
						logger.warn("Catalog log trimmed past version " + before
								+ " while this node was behind; loading the snapshot again");
						String snapshotId = loadSnapshot(connection);
						if (this.catalog.version() > before) {
							lastId = snapshotId;
							continue;
						}
					}
					lastId = apply(records, loaded);
					this.lastId = lastId;
				}
				if (!loaded && (records == null || records.size() < this.properties.batchSize())) {
					this.catalog.markLoaded();
				}
				if (failing) {
					logger.info("Catalog log readable again; following from " + lastId);
					failing = false;
				}
				backoff = FIRST_RETRY;
			}
			catch (RuntimeException ex) {
				if (!this.running) {
					break;
				}
				if (!failing) {
					logger.warn("Cannot read the catalog log, serving version " + this.catalog.version()
							+ " and retrying: " + ex.getMessage());
					failing = true;
				}
				close(connection);
				connection = null;
				if (!pause(backoff)) {
					break;
				}
				backoff = min(backoff.multipliedBy(2), this.properties.retryMaxBackoff());
			}
		}
		close(connection);
	}

	/**
	 * Load the snapshot into the local copy, if it is newer.
	 * @return the stream id to read after
	 */
	private String loadSnapshot(RedisConnection connection) {
		Map<byte[], byte[]> hash = connection.hashCommands().hGetAll(this.snapshot);
		Map<String, String> fields = new HashMap<>();
		if (hash != null) {
			hash.forEach((field, value) -> fields.put(new String(field, StandardCharsets.UTF_8),
					new String(value, StandardCharsets.UTF_8)));
		}
		RedisStreamCatalogLog.Snapshot loaded = RedisStreamCatalogLog.decode(fields);
		if (loaded == null) {
			// nothing written yet, or a log from before snapshots: all of it is in the
			// stream
			this.lastId = START;
			return START;
		}
		if (this.catalog.replace(loaded.entries(), loaded.version())) {
			logger.info("Catalog snapshot loaded at version " + loaded.version() + " (" + loaded.entries().size()
					+ " keys); replaying the log after " + loaded.id());
		}
		this.lastId = loaded.id();
		return loaded.id();
	}

	private static long firstVersion(List<ByteRecord> records) {
		for (ByteRecord record : records) {
			CatalogEntry entry = entry(record);
			if (entry != null) {
				return entry.version();
			}
		}
		return 0;
	}

	private String apply(List<ByteRecord> records, boolean live) {
		List<CatalogEntry> entries = new ArrayList<>(records.size());
		String lastId = null;
		for (ByteRecord record : records) {
			lastId = record.getId().getValue();
			CatalogEntry entry = entry(record);
			if (entry != null) {
				entries.add(entry);
			}
		}
		this.catalog.apply(entries);
		if (live) {
			// Replayed entries are old; only live ones say how far behind this node is.
			long now = System.currentTimeMillis();
			for (ByteRecord record : records) {
				Long appended = record.getId().getTimestamp();
				if (appended != null) {
					this.lag.record(Math.max(0, now - appended), TimeUnit.MILLISECONDS);
				}
			}
		}
		return lastId;
	}

	private static @Nullable CatalogEntry entry(ByteRecord record) {
		Map<String, String> fields = new HashMap<>();
		record.getValue()
			.forEach((field, value) -> fields.put(new String(field, StandardCharsets.UTF_8),
					new String(value, StandardCharsets.UTF_8)));
		String key = fields.get(RedisStreamCatalogLog.KEY);
		String value = fields.get(RedisStreamCatalogLog.VALUE);
		String version = fields.get(RedisStreamCatalogLog.VERSION);
		try {
			if (key != null && value != null && version != null) {
				return new CatalogEntry(key, value, Long.parseLong(version));
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		logger.warn("Skipping malformed catalog log entry " + record.getId() + ": " + fields.keySet());
		return null;
	}

	private boolean pause(Duration duration) {
		try {
			Thread.sleep(duration);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static void close(@Nullable RedisConnection connection) {
		if (connection != null) {
			try {
				connection.close();
			}
			catch (RuntimeException ex) {
				// the connection is being dropped anyway
			}
		}
	}

	/**
	 * Keep a blocking read well inside the Redis command timeout, which would otherwise
	 * fail it.
	 */
	static Duration pollTimeout(Duration configured, RedisConnectionFactory connectionFactory) {
		if (connectionFactory instanceof LettuceConnectionFactory lettuce) {
			Duration commandTimeout = lettuce.getClientConfiguration().getCommandTimeout();
			return min(configured, commandTimeout.dividedBy(2));
		}
		return configured;
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

}
