package dev.switchyard.node.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * The catalog's log as a Redis Stream, trimmed behind a snapshot. Each entry carries its
 * {@code version}, the version before it plus one. One script computes the version,
 * appends the entry (trimming the stream to about {@code node.catalog.retain} entries)
 * and records the write in the snapshot, a hash holding every key's latest value with the
 * version and stream id it is the state of: the stream and the snapshot never disagree,
 * and no write is lost to a trim. A starting node loads the snapshot and replays the
 * stream from its id, so neither Redis memory nor a replay grows with the number of
 * writes.
 */
@Component
public class RedisStreamCatalogLog implements CatalogLog {

	/**
	 * The stream entry's field that holds the version.
	 */
	static final String VERSION = "version";

	/**
	 * The stream entry's field that holds the key.
	 */
	static final String KEY = "key";

	/**
	 * The stream entry's field that holds the value.
	 */
	static final String VALUE = "value";

	/**
	 * The snapshot's field that holds the version it is the state of; a catalog key
	 * cannot start with {@code #}.
	 */
	static final String SNAPSHOT_VERSION = "#version";

	/**
	 * The snapshot's field that holds the id of the stream entry it is the state of.
	 */
	static final String SNAPSHOT_ID = "#id";

	// A stream written before the snapshot existed is folded into it once, by the first
	// append that finds no snapshot, so that trimming never drops a key.
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> APPEND = RedisScript.of("""
			local version = redis.call('HGET', KEYS[2], '#version')
			if version then
			  version = tonumber(version)
			else
			  version = 0
			  for _, entry in ipairs(redis.call('XRANGE', KEYS[1], '-', '+')) do
			    local f = {}
			    for i = 1, #entry[2], 2 do f[entry[2][i]] = entry[2][i + 1] end
			    if f['version'] and f['key'] and f['value'] then
			      version = tonumber(f['version'])
			      redis.call('HSET', KEYS[2], f['key'], f['version'] .. ':' .. f['value'])
			    end
			  end
			end
			version = version + 1
			local v = string.format('%d', version)
			local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[3], '*', 'version', v,
			  'key', ARGV[1], 'value', ARGV[2])
			redis.call('HSET', KEYS[2], ARGV[1], v .. ':' .. ARGV[2], '#version', v, '#id', id)
			return { version, id }
			""", List.class);

	private final StringRedisTemplate redis;

	private final List<String> keys;

	private final String retain;

	RedisStreamCatalogLog(StringRedisTemplate redis, CatalogProperties properties) {
		this.redis = redis;
		this.keys = List.of(properties.stream(), properties.snapshot());
		this.retain = String.valueOf(properties.retain());
	}

	@Override
	public long append(String key, String value) {
		List<?> appended = this.redis.execute(APPEND, this.keys, key, value, this.retain);
		if (appended == null || appended.isEmpty() || !(appended.get(0) instanceof Number version)) {
			throw new IllegalStateException("Appending to the catalog log returned " + appended);
		}
		return version.longValue();
	}

	/**
	 * Decode a snapshot read with {@code HGETALL}.
	 * @param fields the hash's fields and values
	 * @return the snapshot, or {@code null} if there is none (nothing written since the
	 * log was created, or a log from before snapshots)
	 */
	static @Nullable Snapshot decode(Map<String, String> fields) {
		String version = fields.get(SNAPSHOT_VERSION);
		String id = fields.get(SNAPSHOT_ID);
		if (version == null || id == null) {
			return null;
		}
		List<CatalogEntry> entries = new ArrayList<>(fields.size());
		fields.forEach((key, encoded) -> {
			if (!key.startsWith("#")) {
				int colon = encoded.indexOf(':');
				entries.add(new CatalogEntry(key, encoded.substring(colon + 1),
						Long.parseLong(encoded.substring(0, colon))));
			}
		});
		return new Snapshot(id, Long.parseLong(version), entries);
	}

	/**
	 * The catalog as of one stream entry.
	 *
	 * @param id the stream id the snapshot covers, the one to replay after
	 * @param version the version of that entry
	 * @param entries every key's latest entry
	 */
	record Snapshot(String id, long version, List<CatalogEntry> entries) {

	}

}
