package dev.switchyard.e2e.observability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The metric names that PromQL expressions select, found well enough for the expressions
 * of this repository: what is left once strings, label matchers, ranges, grouping clauses
 * and function calls are taken out.
 */
final class MetricNames {

	private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "by", "without", "on", "ignoring",
			"group_left", "group_right", "offset", "inf", "nan", "atan2");

	private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

	private MetricNames() {
	}

	/**
	 * The metric names an expression selects.
	 * @param expr the expression
	 * @return the names
	 */
	static Set<String> of(String expr) {
		String rest = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
			.replaceAll("\\{[^}]*}", " ")
			.replaceAll("\\[[^]]*]", " ")
			.replaceAll("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
			.replaceAll("\\boffset\\s+\\S+", " ")
			.replaceAll("\\b\\d+(?:\\.\\d+)?(?:e[+-]?\\d+)?\\b", " ");
		Set<String> names = new TreeSet<>();
		Matcher matcher = IDENTIFIER.matcher(rest);
		while (matcher.find()) {
			String name = matcher.group();
			boolean call = rest.substring(matcher.end()).stripLeading().startsWith("(");
			if (!call && !KEYWORDS.contains(name.toLowerCase())) {
				names.add(name);
			}
		}
		return names;
	}

	/**
	 * The expressions of every rule of a Prometheus rule file.
	 * @param rules the file
	 * @return the expressions
	 */
	static List<String> ruleExpressions(Path rules) {
		try {
			JsonNode document = new YAMLMapper().readTree(Files.readString(rules));
			List<String> expressions = new ArrayList<>();
			for (JsonNode group : document.path("groups")) {
				for (JsonNode rule : group.path("rules")) {
					expressions.add(rule.path("expr").asString());
				}
			}
			return expressions;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
