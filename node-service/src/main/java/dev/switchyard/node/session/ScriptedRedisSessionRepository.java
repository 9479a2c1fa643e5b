package dev.switchyard.node.session;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.session.FlushMode;
import org.springframework.session.MapSession;
import org.springframework.session.SaveMode;
import org.springframework.session.Session;
import org.springframework.session.SessionIdGenerator;
import org.springframework.session.SessionRepository;
import org.springframework.session.UuidSessionIdGenerator;
import org.springframework.session.data.redis.RedisSessionMapper;
import org.springframework.session.data.redis.RedisSessionRepository;

/**
 * Spring Session's Redis store in one round trip per call: a session is read, and its
 * lease renewed, by one script; a change is written, renamed for a new id and its lease
 * renewed by another, or not at all when nothing changed.
 * <p>
 * Spring Session's {@link RedisSessionRepository} reads with {@code HGETALL}, then writes
 * the last access time and the expiry back ({@code HMSET}, {@code PEXPIREAT}), and before
 * each save asks whether the session still exists ({@code EXISTS}): four round trips to
 * show a cart, eight to put the first item in it. Here it is one to show a cart, one to
 * put the first item in a new session, and two to change an existing session (one read,
 * one write: the least a read-modify-write through a session can take).
 * <p>
 * The keys ({@code <namespace>:sessions:<id>}), hash fields and serialized values are
 * those of {@link RedisSessionRepository}, so either store reads what the other wrote.
 * <p>
 * Within a {@linkplain #openRequestScope() request scope} a session is read from Redis
 * once: Spring Session's filter commits a session twice (when the response is committed
 * and when the filter chain returns), and the second commit looks the session up again
 * only to tell whether the requested id was valid.
 */
public class ScriptedRedisSessionRepository implements SessionRepository<ScriptedRedisSessionRepository.RedisSession> {

	static final String CREATION_TIME = "creationTime";

	static final String LAST_ACCESSED_TIME = "lastAccessedTime";

	static final String MAX_INACTIVE_INTERVAL = "maxInactiveInterval";

	static final String ATTRIBUTE_PREFIX = "sessionAttr:";

	/**
	 * Reads a session and, if it exists, records the access and renews its lease. KEYS[1]
	 * the session; ARGV[1] the serialized access time, ARGV[2] the lease in ms.
	 */
	@SuppressWarnings("rawtypes")
	static final RedisScript<List> LOAD = RedisScript.of("""
			local fields = redis.call('HGETALL', KEYS[1])
			if #fields > 0 then
			  redis.call('HSET', KEYS[1], 'lastAccessedTime', ARGV[1])
			  redis.call('PEXPIRE', KEYS[1], ARGV[2])
			end
			return fields
			""", List.class);

	/**
	 * Writes a session's changes and renews its lease; a session that is not new must
	 * still exist (it is not brought back to life after it expired or was invalidated).
	 * KEYS[1] the session as it was loaded, KEYS[2] as it is now (a new id renames it).
	 * ARGV[1] 1 if it must exist, ARGV[2] the lease in ms, ARGV[3] the number N of fields
	 * to set, then N field and value pairs, then the fields to delete.
	 */
	static final RedisScript<Long> SAVE = RedisScript.of("""
			if ARGV[1] == '1' then
			  if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
			  if KEYS[1] ~= KEYS[2] then redis.call('RENAME', KEYS[1], KEYS[2]) end
			end
			local set = tonumber(ARGV[3])
			if set > 0 then redis.call('HSET', KEYS[2], unpack(ARGV, 4, 3 + 2 * set)) end
			if #ARGV > 3 + 2 * set then redis.call('HDEL', KEYS[2], unpack(ARGV, 4 + 2 * set, #ARGV)) end
			redis.call('PEXPIRE', KEYS[2], ARGV[2])
			return 1
			""", Long.class);

	private static final RedisSerializer<byte[]> RAW = RedisSerializer.byteArray();

	/** The scripts' replies are bytes or numbers: this leaves bytes as they are. */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static final RedisSerializer<List> RAW_LIST = (RedisSerializer) RAW;

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static final RedisSerializer<Long> RAW_LONG = (RedisSerializer) RAW;

	private final RedisOperations<String, ?> redis;

	private final RedisSerializer<Object> values;

	private final RedisSessionMapper mapper = new RedisSessionMapper();

	private final SessionIdGenerator ids = UuidSessionIdGenerator.getInstance();

	private final Clock clock;

	private Duration defaultMaxInactiveInterval = Duration.ofSeconds(MapSession.DEFAULT_MAX_INACTIVE_INTERVAL_SECONDS);

	private String keyPrefix = RedisSessionRepository.DEFAULT_KEY_NAMESPACE + ":sessions:";

	private FlushMode flushMode = FlushMode.ON_SAVE;

	private SaveMode saveMode = SaveMode.ON_SET_ATTRIBUTE;

	/** In a request scope, an id the request renamed away or deleted. */
	private static final MapSession GONE = new MapSession("gone");

	/**
	 * The sessions this thread's request has read or written, by id; {@link #GONE} for
	 * none.
	 */
	private final ThreadLocal<@Nullable Map<String, MapSession>> requestScope = new ThreadLocal<>();

	/**
	 * Create the repository.
	 * @param redis runs the scripts; its key serializer must write strings
	 * @param values serializes attribute values, and the times, as Spring Session does
	 * @param clock the time of an access
	 */
	public ScriptedRedisSessionRepository(RedisOperations<String, ?> redis, RedisSerializer<Object> values,
			Clock clock) {
		this.redis = redis;
		this.values = values;
		this.clock = clock;
	}

	/**
	 * Set how long a session lives after its last access, unless it says otherwise.
	 * @param interval the lease
	 */
	public void setDefaultMaxInactiveInterval(Duration interval) {
		this.defaultMaxInactiveInterval = interval;
	}

	/**
	 * Set the prefix of the keys, {@code spring:session} by default.
	 * @param namespace the namespace
	 */
	public void setRedisKeyNamespace(String namespace) {
		this.keyPrefix = namespace.trim() + ":sessions:";
	}

	/**
	 * Set when a change is written: at once, or when the request is done.
	 * @param flushMode the flush mode
	 */
	public void setFlushMode(FlushMode flushMode) {
		this.flushMode = flushMode;
	}

	/**
	 * Set which attributes are written back.
	 * @param saveMode the save mode
	 */
	public void setSaveMode(SaveMode saveMode) {
		this.saveMode = saveMode;
	}

	@Override
	public RedisSession createSession() {
		MapSession session = new MapSession(this.ids);
		session.setMaxInactiveInterval(this.defaultMaxInactiveInterval);
		session.setLastAccessedTime(this.clock.instant());
		// written with its first attribute, or when the request is done: not on its own
		return new RedisSession(session, true);
	}

	/**
	 * Open a scope, for the current thread, in which a session read or written once is
	 * not read from Redis again; close it when the request is done.
	 * @return the scope, to close
	 */
	public RequestScope openRequestScope() {
		Map<String, MapSession> outer = this.requestScope.get();
		this.requestScope.set(new HashMap<>());
		return () -> this.requestScope.set(outer);
	}

	@Override
	public @Nullable RedisSession findById(String id) {
		Map<String, MapSession> scope = this.requestScope.get();
		MapSession known = (scope != null) ? scope.get(id) : null;
		if (known != null) {
			return (known != GONE) ? new RedisSession(known, false) : null;
		}
		String key = key(id);
		Instant now = this.clock.instant();
		List<?> fields = this.redis.execute(LOAD, RAW, RAW_LIST, List.of(key), value(now.toEpochMilli()),
				bytes(this.defaultMaxInactiveInterval.toMillis()));
		if (fields == null || fields.isEmpty()) {
			return null;
		}
		MapSession stored = this.mapper.apply(id, entries(fields));
		if (stored.isExpired()) {
			deleteById(id);
			return null;
		}
		stored.setLastAccessedTime(now);
		if (!stored.getMaxInactiveInterval().equals(this.defaultMaxInactiveInterval)) {
			// the script renewed the default lease: a session with its own takes one more
			this.redis.expire(key, stored.getMaxInactiveInterval());
		}
		remember(stored);
		return new RedisSession(stored, false);
	}

	@Override
	public void save(RedisSession session) {
		session.save();
	}

	@Override
	public void deleteById(String id) {
		forget(id);
		this.redis.delete(key(id));
	}

	private void remember(MapSession session) {
		Map<String, MapSession> scope = this.requestScope.get();
		if (scope != null) {
			scope.put(session.getId(), session);
		}
	}

	private void forget(String id) {
		Map<String, MapSession> scope = this.requestScope.get();
		if (scope != null) {
			scope.put(id, GONE);
		}
	}

	private String key(String id) {
		return this.keyPrefix + id;
	}

	private Map<String, Object> entries(List<?> fields) {
		Map<String, Object> entries = new HashMap<>();
		for (int i = 0; i + 1 < fields.size(); i += 2) {
			Object value = this.values.deserialize((byte[]) fields.get(i + 1));
			if (value != null) {
				entries.put(new String((byte[]) fields.get(i), StandardCharsets.UTF_8), value);
			}
		}
		return entries;
	}

	private byte[] value(Object value) {
		byte[] bytes = this.values.serialize(value);
		return (bytes != null) ? bytes : new byte[0];
	}

	private static byte[] bytes(Object value) {
		return String.valueOf(value).getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * The scope of a request: closing it forgets what the request read.
	 */
	@FunctionalInterface
	public interface RequestScope extends AutoCloseable {

		@Override
		void close();

	}

	/**
	 * A session of this repository: it keeps what changed until it is written.
	 */
	public final class RedisSession implements Session {

		private final MapSession cached;

		/** Fields to write; a null value deletes the field. */
		private final Map<String, @Nullable Object> delta = new LinkedHashMap<>();

		private boolean isNew;

		private String storedId;

		/**
		 * Why the last write failed: the request that saw Redis fail answers 503, and
		 * Spring Session's filter, which saves again when the response is committed and
		 * once more when the chain returns, is not made to wait for Redis twice more.
		 */
		private @Nullable RuntimeException failure;

		RedisSession(MapSession cached, boolean isNew) {
			this.cached = cached;
			this.isNew = isNew;
			this.storedId = cached.getId();
			if (isNew) {
				this.delta.put(CREATION_TIME, cached.getCreationTime().toEpochMilli());
				this.delta.put(MAX_INACTIVE_INTERVAL, (int) cached.getMaxInactiveInterval().toSeconds());
				this.delta.put(LAST_ACCESSED_TIME, cached.getLastAccessedTime().toEpochMilli());
			}
			if (isNew || ScriptedRedisSessionRepository.this.saveMode == SaveMode.ALWAYS) {
				cached.getAttributeNames()
					.forEach((name) -> this.delta.put(ATTRIBUTE_PREFIX + name, cached.getAttribute(name)));
			}
		}

		@Override
		public String getId() {
			return this.cached.getId();
		}

		@Override
		public String changeSessionId() {
			String id = ScriptedRedisSessionRepository.this.ids.generate();
			this.cached.setId(id);
			return id;
		}

		@Override
		public <T> @Nullable T getAttribute(String name) {
			T value = this.cached.getAttribute(name);
			if (value != null && ScriptedRedisSessionRepository.this.saveMode == SaveMode.ON_GET_ATTRIBUTE) {
				this.delta.put(ATTRIBUTE_PREFIX + name, value);
			}
			return value;
		}

		@Override
		public Set<String> getAttributeNames() {
			return this.cached.getAttributeNames();
		}

		@Override
		public void setAttribute(String name, @Nullable Object value) {
			this.cached.setAttribute(name, value);
			this.delta.put(ATTRIBUTE_PREFIX + name, value);
			flushIfImmediate();
		}

		@Override
		public void removeAttribute(String name) {
			setAttribute(name, null);
		}

		@Override
		public Instant getCreationTime() {
			return this.cached.getCreationTime();
		}

		/**
		 * {@inheritDoc}
		 * <p>
		 * Not written on its own: reading the session has recorded the access already.
		 */
		@Override
		public void setLastAccessedTime(Instant time) {
			this.cached.setLastAccessedTime(time);
		}

		@Override
		public Instant getLastAccessedTime() {
			return this.cached.getLastAccessedTime();
		}

		@Override
		public void setMaxInactiveInterval(Duration interval) {
			this.cached.setMaxInactiveInterval(interval);
			this.delta.put(MAX_INACTIVE_INTERVAL, (int) interval.toSeconds());
			flushIfImmediate();
		}

		@Override
		public Duration getMaxInactiveInterval() {
			return this.cached.getMaxInactiveInterval();
		}

		@Override
		public boolean isExpired() {
			return this.cached.isExpired();
		}

		private void flushIfImmediate() {
			if (ScriptedRedisSessionRepository.this.flushMode == FlushMode.IMMEDIATE) {
				save();
			}
		}

		private void save() {
			boolean renamed = !this.storedId.equals(getId());
			if (this.delta.isEmpty() && !renamed && !this.isNew) {
				return;
			}
			List<String> keys = List.of(key(this.isNew ? getId() : this.storedId), key(getId()));
			List<byte[]> args = new ArrayList<>();
			args.add(bytes(this.isNew ? 0 : 1));
			args.add(bytes(getMaxInactiveInterval().toMillis()));
			List<String> deleted = new ArrayList<>();
			List<byte[]> set = new ArrayList<>();
			this.delta.forEach((field, value) -> {
				if (value == null) {
					deleted.add(field);
				}
				else {
					set.add(bytes(field));
					set.add(value(value));
				}
			});
			if (!this.isNew) {
				// the access time travels with every write, as it does with Spring
				// Session's
				set.add(bytes(LAST_ACCESSED_TIME));
				set.add(value(getLastAccessedTime().toEpochMilli()));
			}
			args.add(bytes(set.size() / 2));
			args.addAll(set);
			deleted.forEach((field) -> args.add(bytes(field)));
			if (this.failure != null) {
				throw this.failure;
			}
			Long saved;
			try {
				saved = ScriptedRedisSessionRepository.this.redis.execute(SAVE, RAW, RAW_LONG, keys, args.toArray());
			}
			catch (RuntimeException ex) {
				this.failure = ex;
				throw ex;
			}
			if (saved == null || saved == 0) {
				throw new IllegalStateException("Session was invalidated");
			}
			this.delta.clear();
			if (renamed) {
				forget(this.storedId);
			}
			this.storedId = getId();
			this.isNew = false;
			remember(this.cached);
		}

	}

}
