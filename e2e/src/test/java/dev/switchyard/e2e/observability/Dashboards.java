package dev.switchyard.e2e.observability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Grafana dashboards of {@code grafana/dashboards/}: the house style they must
 * follow, and every panel query with its variables replaced by concrete values, as
 * Grafana would send it to Prometheus.
 */
final class Dashboards {

	static final String DATASOURCE_REFERENCE = "${datasource}";

	/**
	 * What Grafana's built-in variables become: the rate interval is four scrape
	 * intervals of the tests' Prometheus and more, the range the last five minutes.
	 */
	private static final Map<String, String> BUILT_INS = Map.of("__rate_interval", "15s", "__interval", "5s",
			"__interval_ms", "5000", "__range", "5m", "__range_s", "300", "__range_ms", "300000");

	private static final Pattern VARIABLE = Pattern
		.compile("\\$\\{(\\w+)(?::[\\w]+)?}|\\$(\\w+)|\\[\\[(\\w+)(?::[\\w]+)?]]");

	private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.+),\\s*(\\w+)\\s*\\)\\s*$");

	private static final Pattern UID = Pattern.compile("[A-Za-z0-9_-]{1,40}");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Map<String, JsonNode> dashboards;

	private Dashboards(Map<String, JsonNode> dashboards) {
		this.dashboards = dashboards;
	}

	/**
	 * Read every {@code *.json} of a directory.
	 * @param directory the directory
	 * @return the dashboards by file name
	 */
	static Dashboards load(Path directory) {
		Map<String, JsonNode> dashboards = new LinkedHashMap<>();
		try (Stream<Path> files = Files.list(directory)) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".json")).sorted().toList()) {
				dashboards.put(file.getFileName().toString(), JSON.readTree(Files.readString(file)));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new Dashboards(dashboards);
	}

	Set<String> files() {
		return this.dashboards.keySet();
	}

	/**
	 * Where the dashboards break the house style: a stable uid, {@code "id": null}, a
	 * {@code datasource} variable of type {@code datasource} over Prometheus, every panel
	 * and query reading {@code ${datasource}}, no data source wired in by name or uid.
	 * @return one line per violation
	 */
	List<String> styleViolations() {
		List<String> violations = new ArrayList<>();
		Set<String> uids = new HashSet<>();
		Set<String> titles = new HashSet<>();
		this.dashboards.forEach((file, dashboard) -> {
			String uid = dashboard.path("uid").asString("");
			if (!UID.matcher(uid).matches()) {
				violations.add(file + ": uid '" + uid + "' is not a stable uid of 1 to 40 letters, digits, - or _");
			}
			else if (!uids.add(uid)) {
				violations.add(file + ": uid " + uid + " is used by another dashboard");
			}
			if (!titles.add(dashboard.path("title").asString(""))) {
				violations.add(file + ": title '" + dashboard.path("title").asString("") + "' is not unique");
			}
			if (!dashboard.has("id") || !dashboard.get("id").isNull()) {
				violations.add(file + ": \"id\" must be null, so that Grafana assigns its own");
			}
			JsonNode datasourceVariable = variables(dashboard).stream()
				.filter((variable) -> "datasource".equals(variable.path("name").asString()))
				.findFirst()
				.orElse(null);
			if (datasourceVariable == null || !"datasource".equals(datasourceVariable.path("type").asString())
					|| !"prometheus".equals(datasourceVariable.path("query").asString())) {
				violations.add(file + ": no variable 'datasource' of type datasource with query prometheus");
			}
			for (JsonNode panel : panels(dashboard)) {
				String where = file + " / " + panel.path("title").asString();
				if (panel.path("targets").isEmpty()) {
					violations.add(where + ": a panel without a query");
				}
				if (!DATASOURCE_REFERENCE.equals(panel.path("datasource").path("uid").asString(""))) {
					violations.add(where + ": the panel's datasource is not " + DATASOURCE_REFERENCE);
				}
				for (JsonNode target : panel.path("targets")) {
					if (target.path("expr").asString("").isBlank()) {
						violations.add(where + ": target " + target.path("refId").asString() + " has no expr");
					}
					if (!DATASOURCE_REFERENCE.equals(target.path("datasource").path("uid").asString(""))) {
						violations.add(where + ": target " + target.path("refId").asString() + " does not read "
								+ DATASOURCE_REFERENCE);
					}
				}
			}
			wiredDatasources(dashboard, file, violations);
		});
		return violations;
	}

	/**
	 * Every {@code datasource} anywhere in the dashboard (panels, targets, variables,
	 * annotations) is the variable, never a name or a fixed uid.
	 */
	private static void wiredDatasources(JsonNode node, String path, List<String> violations) {
		if (node.isObject()) {
			for (Map.Entry<String, JsonNode> property : node.properties()) {
				JsonNode value = property.getValue();
				if ("datasource".equals(property.getKey()) && !value.isNull()
						&& !(value.isObject() && DATASOURCE_REFERENCE.equals(value.path("uid").asString("")))) {
					violations.add(path + ": datasource " + value + " is wired in; use " + DATASOURCE_REFERENCE);
				}
				wiredDatasources(value, path, violations);
			}
		}
		else if (node.isArray()) {
			for (JsonNode element : node) {
				wiredDatasources(element, path, violations);
			}
		}
	}

	/**
	 * Every query of every panel, its variables replaced.
	 * @param resolver evaluates a variable's {@code label_values(query, label)}: the
	 * query and the label to the label's values
	 * @return the queries, in dashboard and panel order
	 */
	List<PanelQuery> panelQueries(BiFunction<String, String, Set<String>> resolver) {
		List<PanelQuery> queries = new ArrayList<>();
		this.dashboards.forEach((file, dashboard) -> {
			Map<String, String> values = resolveVariables(file, dashboard, resolver);
			for (JsonNode panel : panels(dashboard)) {
				for (JsonNode target : panel.path("targets")) {
					String expr = target.path("expr").asString("");
					queries.add(new PanelQuery(dashboard.path("title").asString(), panel.path("title").asString(),
							target.path("refId").asString(), expr, substitute(expr, values, file)));
				}
			}
		});
		return queries;
	}

	/**
	 * The query of every variable, as {@code label_values(query, label)}: the queries
	 * whose metrics must exist.
	 * @return the queries with their variables replaced by {@code .+}
	 */
	List<String> variableQueries() {
		List<String> queries = new ArrayList<>();
		this.dashboards.forEach((file, dashboard) -> {
			for (JsonNode variable : variables(dashboard)) {
				if ("query".equals(variable.path("type").asString())) {
					Matcher matcher = labelValues(file, variable);
					queries.add(substitute(matcher.group(1), Map.of(), file, ".+"));
				}
			}
		});
		return queries;
	}

	private Map<String, String> resolveVariables(String file, JsonNode dashboard,
			BiFunction<String, String, Set<String>> resolver) {
		Map<String, String> values = new HashMap<>();
		for (JsonNode variable : variables(dashboard)) {
			String name = variable.path("name").asString();
			if (!"query".equals(variable.path("type").asString())) {
				continue;
			}
			Matcher matcher = labelValues(file, variable);
			String query = substitute(matcher.group(1), values, file);
			Set<String> found = resolver.apply(query, matcher.group(2));
			if (found.isEmpty()) {
				throw new AssertionError(file + ": variable $" + name + " has no values: " + query + " has no label "
						+ matcher.group(2));
			}
			boolean many = variable.path("multi").asBoolean(false) || variable.path("includeAll").asBoolean(false);
			values.put(name, many ? "(" + String.join("|", found.stream().map(Dashboards::escapeRegex).toList()) + ")"
					: found.iterator().next());
		}
		return values;
	}

	private static Matcher labelValues(String file, JsonNode variable) {
		String definition = variable.path("definition").asString("");
		if (definition.isBlank()) {
			JsonNode query = variable.path("query");
			definition = query.isObject() ? query.path("query").asString("") : query.asString("");
		}
		Matcher matcher = LABEL_VALUES.matcher(definition);
		if (!matcher.matches()) {
			throw new AssertionError(file + ": variable $" + variable.path("name").asString()
					+ " is not label_values(query, label): " + definition);
		}
		return matcher;
	}

	private static String substitute(String expr, Map<String, String> values, String file) {
		return substitute(expr, values, file, null);
	}

	private static String substitute(String expr, Map<String, String> values, String file, String otherwise) {
		Matcher matcher = VARIABLE.matcher(expr);
		StringBuilder result = new StringBuilder();
		while (matcher.find()) {
			String name = (matcher.group(1) != null) ? matcher.group(1)
					: (matcher.group(2) != null) ? matcher.group(2) : matcher.group(3);
			String value = BUILT_INS.getOrDefault(name, values.get(name));
			if (value == null) {
				value = otherwise;
			}
			if (value == null) {
				throw new AssertionError(file + ": " + expr + " uses $" + name + ", which is not a variable");
			}
			matcher.appendReplacement(result, Matcher.quoteReplacement(value));
		}
		matcher.appendTail(result);
		return result.toString();
	}

	/** As Grafana escapes a value that goes into a regex matcher. */
	private static String escapeRegex(String value) {
		return value.replaceAll("[\\\\^$*+?.()|\\[\\]{}]", "\\\\\\\\$0");
	}

	private static List<JsonNode> variables(JsonNode dashboard) {
		List<JsonNode> variables = new ArrayList<>();
		dashboard.path("templating").path("list").forEach(variables::add);
		return variables;
	}

	/** The panels that show data: rows are only containers. */
	private static List<JsonNode> panels(JsonNode dashboard) {
		List<JsonNode> panels = new ArrayList<>();
		for (JsonNode panel : dashboard.path("panels")) {
			if ("row".equals(panel.path("type").asString())) {
				panel.path("panels").forEach(panels::add);
			}
			else {
				panels.add(panel);
			}
		}
		return panels;
	}

	/**
	 * One query of one panel.
	 *
	 * @param dashboard the dashboard's title
	 * @param panel the panel's title
	 * @param refId the query's reference in the panel
	 * @param expr the query as written
	 * @param promql the query with its variables replaced
	 */
	record PanelQuery(String dashboard, String panel, String refId, String expr, String promql) {

		@Override
		public String toString() {
			return this.dashboard + " / " + this.panel + " [" + this.refId + "]: " + this.promql;
		}

	}

}
