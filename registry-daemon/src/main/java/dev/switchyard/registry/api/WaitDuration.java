package dev.switchyard.registry.api;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the {@code wait} parameter of a blocking query the way Consul does (Go's
 * {@code time.ParseDuration}): {@code 500ms}, {@code 10s}, {@code 1m}, {@code 1m30s},
 * {@code 1.5s}.
 */
public final class WaitDuration {

	private static final Pattern DURATION = Pattern
		.compile("(?:(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:ns|us|µs|ms|s|m|h))+");

	private static final Pattern PART = Pattern.compile("([0-9]*(?:\\.[0-9]*)?)(ns|us|µs|ms|s|m|h)");

	private static final Map<String, Long> NANOS_PER_UNIT = Map.of("ns", 1L, "us", 1_000L, "µs", 1_000L, "ms",
			1_000_000L, "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

	private static final int MAX_LENGTH = 32;

	private WaitDuration() {
	}

	/**
	 * Parse a {@code wait} value.
	 * @param value the value, {@code null} or empty for the default
	 * @param defaultWait the wait when no value is given
	 * @param maxWait the cap applied to longer waits
	 * @return the wait, between zero and {@code maxWait}
	 * @throws IllegalArgumentException if the value is not a duration
	 */
	public static Duration parse(String value, Duration defaultWait, Duration maxWait) {
		if (value == null || value.isEmpty()) {
			return min(defaultWait, maxWait);
		}
		if (value.equals("0")) {
			return Duration.ZERO;
		}
		if (value.length() > MAX_LENGTH || !DURATION.matcher(value).matches()) {
			throw new IllegalArgumentException(
					"'" + abbreviate(value) + "' is not a duration such as 500ms, 10s, 1m or 1m30s");
		}
		BigDecimal nanos = BigDecimal.ZERO;
		Matcher matcher = PART.matcher(value);
		while (matcher.find()) {
			nanos = nanos.add(new BigDecimal(matcher.group(1))
				.multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get(matcher.group(2)))));
		}
		BigDecimal max = BigDecimal.valueOf(maxWait.toNanos());
		return Duration.ofNanos((nanos.compareTo(max) > 0) ? max.longValue() : nanos.longValue());
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	private static String abbreviate(String value) {
		return (value.length() > MAX_LENGTH) ? value.substring(0, MAX_LENGTH) + "..." : value;
	}

}
