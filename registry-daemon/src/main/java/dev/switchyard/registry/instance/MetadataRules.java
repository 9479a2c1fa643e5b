package dev.switchyard.registry.instance;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What instance metadata may contain: bounded in size, with well-formed keys, and
 * well-formed values for the keys the registry and the gateway interpret.
 */
public final class MetadataRules {

	/**
	 * The most entries an instance may carry.
	 */
	public static final int MAX_ENTRIES = 64;

	/**
	 * The longest value allowed.
	 */
	public static final int MAX_VALUE_LENGTH = 512;

	/**
	 * What a key looks like.
	 */
	public static final String KEY_PATTERN = "[A-Za-z0-9._-]{1,64}";

	/**
	 * The key of the load balancing weight, an integer between 1 and {@link #MAX_WEIGHT}.
	 */
	public static final String WEIGHT = "weight";

	/**
	 * The highest weight allowed.
	 */
	public static final int MAX_WEIGHT = 1000;

	/**
	 * The key of the path the health checker requests instead of the default one.
	 */
	public static final String HEALTH_PATH = "healthPath";

	private static final Pattern KEY = Pattern.compile(KEY_PATTERN);

	private static final Pattern WEIGHT_VALUE = Pattern.compile("[1-9][0-9]{0,3}");

	private static final int MAX_ECHO_LENGTH = 64;

	private MetadataRules() {
	}

	/**
	 * Check complete metadata.
	 * @param metadata the metadata, values may not be {@code null}
	 * @return one message per problem, empty if the metadata is valid
	 */
	public static List<String> validate(Map<String, String> metadata) {
		List<String> violations = new ArrayList<>(validateKeys(metadata.keySet()));
		if (metadata.size() > MAX_ENTRIES) {
			violations.add("at most " + MAX_ENTRIES + " entries are allowed, got " + metadata.size());
		}
		metadata.forEach((key, value) -> {
			if (value == null) {
				violations.add("value of '" + echo(key) + "' must not be null");
			}
			else {
				validateValue(key, value, violations);
			}
		});
		return violations;
	}

	/**
	 * Check keys on their own, as when they are about to be removed.
	 * @param keys the keys
	 * @return one message per problem, empty if all keys are valid
	 */
	public static List<String> validateKeys(Collection<String> keys) {
		List<String> violations = new ArrayList<>();
		for (String key : keys) {
			if (key == null || !KEY.matcher(key).matches()) {
				violations.add("key '" + echo(key) + "' must match " + KEY_PATTERN);
			}
		}
		return violations;
	}

	private static void validateValue(String key, String value, List<String> violations) {
		if (value.length() > MAX_VALUE_LENGTH) {
			violations.add("value of '" + echo(key) + "' must be at most " + MAX_VALUE_LENGTH + " characters");
		}
		else if (WEIGHT.equals(key) && !isWeight(value)) {
			violations
				.add("'" + WEIGHT + "' must be an integer between 1 and " + MAX_WEIGHT + ", got '" + echo(value) + "'");
		}
		else if (HEALTH_PATH.equals(key) && !isPath(value)) {
			violations.add("'" + HEALTH_PATH + "' must be an absolute path such as /actuator/health, got '"
					+ echo(value) + "'");
		}
	}

	private static boolean isWeight(String value) {
		return WEIGHT_VALUE.matcher(value).matches() && Integer.parseInt(value) <= MAX_WEIGHT;
	}

	private static boolean isPath(String value) {
		if (!value.startsWith("/") || value.startsWith("//")) {
			return false;
		}
		try {
			URI uri = new URI("http://localhost" + value);
			return uri.getRawFragment() == null && "localhost".equals(uri.getHost());
		}
		catch (URISyntaxException ex) {
			return false;
		}
	}

	private static String echo(String value) {
		if (value == null) {
			return "null";
		}
		return (value.length() > MAX_ECHO_LENGTH) ? value.substring(0, MAX_ECHO_LENGTH) + "..." : value;
	}

}
