package dev.switchyard.gateway.balancer.attempt;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationStyle;

/**
 * How long an idempotent request waits for its first attempt before a second one is sent
 * to another instance: a fixed delay ({@code "50ms"}) or a percentile of the route's
 * latencies ({@code "p95"}).
 *
 * @param fixed the fixed delay, {@code null} for a percentile
 * @param percentile the percentile of the route's latencies, when not fixed
 */
public record HedgeDelay(@Nullable Duration fixed, double percentile) {

	private static final Pattern PERCENTILE = Pattern.compile("p(\\d{1,2}(?:\\.\\d+)?)");

	/**
	 * Read a hedge setting.
	 * @param value {@code "p95"} (a percentile from p1 to p99.9) or a duration such as
	 * {@code "50ms"}
	 * @return the delay
	 * @throws IllegalArgumentException for anything else, naming what is accepted
	 */
	public static HedgeDelay parse(String value) {
		String trimmed = value.trim();
		Matcher matcher = PERCENTILE.matcher(trimmed);
		if (matcher.matches()) {
			double percentile = Double.parseDouble(matcher.group(1));
			if (percentile > 0 && percentile < 100) {
				return new HedgeDelay(null, percentile);
			}
		}
		else {
			try {
				Duration fixed = DurationStyle.detectAndParse(trimmed);
				if (!fixed.isNegative() && !fixed.isZero()) {
					return new HedgeDelay(fixed, 0);
				}
			}
			catch (IllegalArgumentException ex) {
				// named below
			}
		}
		throw new IllegalArgumentException(
				"hedge must be a positive duration such as \"50ms\" or a percentile such as \"p95\", not \"" + value
						+ "\"");
	}

	/**
	 * Return the delay for a route now.
	 * @param latencies the route's latencies
	 * @param minimumSamples the latencies a percentile needs
	 * @return the delay in nanoseconds, or -1 while the percentile is unknown
	 */
	public long nanos(LatencyWindow latencies, int minimumSamples) {
		return (this.fixed != null) ? this.fixed.toNanos() : latencies.percentileNanos(this.percentile, minimumSamples);
	}

	@Override
	public String toString() {
		if (this.fixed != null) {
			return this.fixed.toMillis() + "ms";
		}
		String percentile = Double.toString(this.percentile);
		return "p" + (percentile.endsWith(".0") ? percentile.substring(0, percentile.length() - 2) : percentile);
	}

}
