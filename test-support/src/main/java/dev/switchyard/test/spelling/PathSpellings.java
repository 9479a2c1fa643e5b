package dev.switchyard.test.spelling;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Generates the spellings of a path that a server may take for the path itself, or for
 * another, depending on how it decodes and normalizes: matrix parameters on any segment
 * ({@code ;x}, {@code ;}, {@code ;a=b}), percent-encoded letters (lower and upper hex),
 * {@code %2F} and {@code %3B} inside and between segments, double slashes at any
 * position, a trailing slash, dot segments ({@code /./}, {@code /x/../}, {@code %2e},
 * {@code %2E%2E}), upper case, and combinations of two. The path as written comes first;
 * no spelling comes twice.
 */
public final class PathSpellings {

	private static final List<Transform> SEGMENT = List.of(new Transform("matrix ;x", (s) -> s + ";x"),
			new Transform("matrix ;", (s) -> s + ";"), new Transform("matrix ;a=b", (s) -> s + ";a=b"),
			new Transform("first letter percent-encoded", (s) -> encode(s.substring(0, 1), false) + s.substring(1)),
			new Transform("percent-encoded, lower hex", (s) -> encode(s, false)),
			new Transform("percent-encoded, upper hex", (s) -> encode(s, true)),
			new Transform("upper case", (s) -> s.toUpperCase(Locale.ROOT)),
			new Transform("%3B inside", (s) -> s.substring(0, 1) + "%3B" + s.substring(1)),
			new Transform("%3B after", (s) -> s + "%3Bx"),
			new Transform("%2F inside", (s) -> s.substring(0, 1) + "%2F" + s.substring(1)),
			new Transform("%2f after", (s) -> s + "%2f"));

	private static final List<Transform> BEFORE = List.of(new Transform("double slash", (s) -> "/" + s),
			new Transform("dot segment /./", (s) -> "./" + s), new Transform("dot segments /x/../", (s) -> "x/../" + s),
			new Transform("dot segment %2e", (s) -> "%2e/" + s),
			new Transform("dot segments /x/%2E%2E/", (s) -> "x/%2E%2E/" + s),
			new Transform("dot segments /x/%2e./", (s) -> "x/%2e./" + s),
			new Transform("empty segment with matrix ;", (s) -> ";/" + s));

	private static final List<Transform> COMBINED_WITH_MATRIX = List.of(SEGMENT.get(3), SEGMENT.get(5), SEGMENT.get(6),
			BEFORE.get(0), BEFORE.get(1), BEFORE.get(2), BEFORE.get(3));

	private PathSpellings() {
	}

	/**
	 * Return the spellings of a path.
	 * @param path an absolute path without query, such as {@code /admin/lb}
	 * @return the path as written, then every other spelling
	 */
	public static List<PathSpelling> of(String path) {
		if (!path.startsWith("/") || path.length() < 2 || path.contains("?") || path.contains("%")) {
			throw new IllegalArgumentException("Not a plain absolute path: " + path);
		}
		List<String> segments = List.of(path.substring(1).split("/", -1));
		Map<String, String> spellings = new LinkedHashMap<>();
		spellings.put(path, "as written");
		for (int i = 0; i < segments.size(); i++) {
			int n = i + 1;
			for (Transform transform : SEGMENT) {
				add(spellings, transform.name + " on segment " + n, with(segments, i, transform.operator));
			}
			for (Transform transform : BEFORE) {
				add(spellings, transform.name + " before segment " + n, with(segments, i, transform.operator));
			}
			if (i > 0) {
				add(spellings, "%2F for the slash before segment " + n, joinedAt(segments, i, "%2F"));
				add(spellings, "%3B for the slash before segment " + n, joinedAt(segments, i, "%3B"));
			}
		}
		add(spellings, "trailing slash", path + "/");
		add(spellings, "trailing double slash", path + "//");
		add(spellings, "trailing dot segment", path + "/.");
		add(spellings, "trailing dot segments /x/..", path + "/x/..");
		add(spellings, "upper case", path.toUpperCase(Locale.ROOT));
		add(spellings, "matrix ;x on every segment", join(segments.stream().map((s) -> s + ";x").toList()));
		for (int i : (segments.size() > 1) ? new int[] { 0, segments.size() - 1 } : new int[] { 0 }) {
			int n = i + 1;
			for (Transform transform : COMBINED_WITH_MATRIX) {
				add(spellings, transform.name + " and matrix ;x on segment " + n,
						with(segments, i, (s) -> transform.operator.apply(s) + ";x"));
			}
		}
		add(spellings, "trailing slash and matrix ;x on the last segment",
				with(segments, segments.size() - 1, (s) -> s + ";x") + "/");
		add(spellings, "trailing slash and first letter percent-encoded on the last segment",
				with(segments, segments.size() - 1, SEGMENT.get(3).operator) + "/");
		add(spellings, "double slash and percent-encoded first segment, upper hex",
				"/" + with(segments, 0, SEGMENT.get(5).operator));
		List<PathSpelling> result = new ArrayList<>(spellings.size());
		spellings.forEach((spelled, name) -> result.add(new PathSpelling(name, spelled)));
		return result;
	}

	private static void add(Map<String, String> spellings, String name, String path) {
		spellings.putIfAbsent(path, name);
	}

	private static String with(List<String> segments, int index, UnaryOperator<String> operator) {
		List<String> changed = new ArrayList<>(segments);
		changed.set(index, operator.apply(segments.get(index)));
		return join(changed);
	}

	private static String joinedAt(List<String> segments, int index, String separator) {
		return join(segments.subList(0, index)) + separator
				+ String.join("/", segments.subList(index, segments.size()));
	}

	private static String join(List<String> segments) {
		return "/" + String.join("/", segments);
	}

	private static String encode(String value, boolean upperHex) {
		StringBuilder encoded = new StringBuilder();
		for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
			String hex = String.format("%02x", b & 0xff);
			encoded.append('%').append(upperHex ? hex.toUpperCase(Locale.ROOT) : hex);
		}
		return encoded.toString();
	}

	private record Transform(String name, UnaryOperator<String> operator) {

	}

}
