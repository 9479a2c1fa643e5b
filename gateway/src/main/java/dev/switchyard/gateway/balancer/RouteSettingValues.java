package dev.switchyard.gateway.balancer;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationStyle;

/**
 * The names of the route settings and the parsing of their JSON values, each failure an
 * {@link InvalidRouteSettingException} naming the setting.
 */
final class RouteSettingValues {

	static final String POLICY = "policy";

	static final String HASH_KEY = "hashKey";

	static final String SLOW_START = "slowStart";

	static final String MAX_IN_FLIGHT = "maxInFlight";

	static final String QUEUE_TIMEOUT = "queueTimeout";

	static final String ADAPTIVE_LIMIT = "adaptiveLimit";

	static final String RETRY_BUDGET = "retryBudget";

	static final String HEDGE = "hedge";

	static final String HASH_BALANCE_FACTOR = "hashBalanceFactor";

	static final String ZONE_AWARE = "zoneAware";

	/** Every setting, in the order {@code GET /admin/lb} shows them. */
	static final List<String> NAMES = List.of(POLICY, HASH_KEY, SLOW_START, MAX_IN_FLIGHT, QUEUE_TIMEOUT,
			ADAPTIVE_LIMIT, RETRY_BUDGET, HEDGE, HASH_BALANCE_FACTOR, ZONE_AWARE);

	private static final Pattern PERCENTILE = Pattern.compile("p(\\d{2}(\\.\\d{1,3})?)");

	private static final Duration MAX_DURATION = Duration.ofHours(1);

	private RouteSettingValues() {
	}

	static void rejectUnknown(Map<String, ?> fields) {
		for (String name : fields.keySet()) {
			if (!NAMES.contains(name)) {
				throw new InvalidRouteSettingException(name,
						"Unknown route setting '" + name + "'; the known ones are " + String.join(", ", NAMES));
			}
		}
	}

	static @Nullable String string(Map<String, ?> fields, String name) {
		Object value = fields.get(name);
		if (value == null || value instanceof String) {
			return (String) value;
		}
		throw invalid(name, value, "a string");
	}

	static @Nullable Boolean bool(Map<String, ?> fields, String name) {
		Object value = fields.get(name);
		if (value == null || value instanceof Boolean) {
			return (Boolean) value;
		}
		throw invalid(name, value, "true or false");
	}

	static @Nullable Integer count(Map<String, ?> fields, String name, int min, int max) {
		Object value = fields.get(name);
		if (value == null) {
			return null;
		}
		if ((value instanceof Integer || value instanceof Long || value instanceof BigInteger)
				&& ((Number) value).longValue() >= min && ((Number) value).longValue() <= max) {
			return ((Number) value).intValue();
		}
		throw invalid(name, value, "a whole number from " + min + " to " + max);
	}

	static @Nullable Double number(Map<String, ?> fields, String name, double min, boolean minExclusive, double max) {
		Object value = fields.get(name);
		if (value == null) {
			return null;
		}
		if (value instanceof Number number) {
			double parsed = number.doubleValue();
			boolean aboveMin = minExclusive ? parsed > min : parsed >= min;
			if (aboveMin && parsed <= max) {
				return parsed;
			}
		}
		throw invalid(name, value, "a number " + (minExclusive ? "above " : "from ") + min + " to " + max);
	}

	static @Nullable Duration duration(Map<String, ?> fields, String name, boolean zeroAllowed) {
		Object value = fields.get(name);
		if (value == null) {
			return null;
		}
		Duration parsed = (value instanceof String text) ? parseDuration(text) : null;
		if (parsed == null || parsed.isNegative() || (parsed.isZero() && !zeroAllowed)
				|| parsed.compareTo(MAX_DURATION) > 0) {
			throw invalid(name, value,
					"a duration such as \"250ms\" or \"30s\", " + (zeroAllowed ? "from 0" : "above 0") + " to 1h");
		}
		return parsed;
	}

	/**
	 * Return {@code hedge} in its shown form: {@code pNN} or a duration.
	 */
	static @Nullable String hedge(Map<String, ?> fields) {
		Object value = fields.get(HEDGE);
		if (value == null) {
			return null;
		}
		if (value instanceof String text) {
			var percentile = PERCENTILE.matcher(text);
			if (percentile.matches()) {
				double p = Double.parseDouble(percentile.group(1));
				if (p >= 50 && p < 100) {
					return text;
				}
			}
			else {
				Duration delay = parseDuration(text);
				if (delay != null && !delay.isNegative() && !delay.isZero() && delay.compareTo(MAX_DURATION) <= 0) {
					return format(delay);
				}
			}
		}
		throw invalid(HEDGE, value,
				"a percentile of the route's latency from \"p50\" to \"p99.9\", or a duration " + "such as \"50ms\"");
	}

	static @Nullable Duration parseDuration(String text) {
		try {
			return DurationStyle.detectAndParse(text.trim());
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	static @Nullable String format(@Nullable Duration duration) {
		if (duration == null) {
			return null;
		}
		long millis = duration.toMillis();
		if (millis % 1000 == 0 && millis > 0) {
			return (millis / 1000) + "s";
		}
		return millis + "ms";
	}

	static InvalidRouteSettingException invalid(String name, Object value, String expected) {
		String shown = (value instanceof String) ? "\"" + value + "\"" : String.valueOf(value);
		return new InvalidRouteSettingException(name, name + " must be " + expected + ", not " + shown);
	}

}
