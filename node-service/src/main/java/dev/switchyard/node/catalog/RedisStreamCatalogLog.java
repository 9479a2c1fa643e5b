package dev.switchyard.node.catalog;

import java.util.List;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * The catalog's log as a Redis Stream. Each entry carries its {@code version}, the
 * version of the entry before it plus one, computed and appended in one script so that
 * versions follow the stream's order without gaps, with no second key that could drift
 * from the stream.
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

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> APPEND = RedisScript.of("""
			local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
			local version = 1
			if #last > 0 then
			  local fields = last[1][2]
			  for i = 1, #fields, 2 do
			    if fields[i] == 'version' then
			      version = tonumber(fields[i + 1]) + 1
			    end
			  end
			end
			local id = redis.call('XADD', KEYS[1], '*', 'version', string.format('%d', version),
			  'key', ARGV[1], 'value', ARGV[2])
			return { version, id }
			""", List.class);

	private final StringRedisTemplate redis;

	private final List<String> keys;

	RedisStreamCatalogLog(StringRedisTemplate redis, CatalogProperties properties) {
		this.redis = redis;
		this.keys = List.of(properties.stream());
	}

	@Override
	public long append(String key, String value) {
		List<?> appended = this.redis.execute(APPEND, this.keys, key, value);
		if (appended == null || appended.isEmpty() || !(appended.get(0) instanceof Number version)) {
			throw new IllegalStateException("Appending to the catalog log returned " + appended);
		}
		return version.longValue();
	}

}
