package dev.switchyard.e2e.observability;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.switchyard.e2e.Http;
import dev.switchyard.e2e.LoadGenerator;
import dev.switchyard.e2e.LocalCluster;
import dev.switchyard.e2e.ManagedProcess;
import dev.switchyard.e2e.observability.Dashboards.PanelQuery;
import dev.switchyard.e2e.observability.Prometheus.ToolResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The monitoring proven on a real Prometheus scraping a real cluster: promtool accepts
 * the configuration and the rules' unit tests, the dashboards follow the house style,
 * and, after traffic of every kind (balanced requests, carts, the local counter, catalog
 * writes, work, a failing node ejected, a node killed, a node drained), every query of
 * every panel returns data and every metric a rule or a panel names is scraped.
 */
class ObservabilityTests {

	private static final Path ROOT = Prometheus.ROOT;

	private static final Duration SETTLE = Duration.ofSeconds(30);

	private static Observed observed;

	@AfterAll
	static void stopEverything() {
		if (observed != null) {
			observed.close();
			observed = null;
		}
	}

	@Test
	void shouldPassPromtoolCheckConfig() {
		ToolResult result = Prometheus.promtool("check", "config", "prometheus/prometheus.yml");

		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS: prometheus/prometheus.yml is valid");
	}

	@Test
	void shouldPassPromtoolCheckConfigOfTheLocalClusterConfiguration() throws Exception {
		Path directory = Files.createDirectories(ROOT.resolve("e2e/target/prometheus-config"));
		Files.writeString(directory.resolve("prometheus.yml"),
				Prometheus.localConfiguration("http://127.0.0.1:17111", "http://127.0.0.1:18080"));
		Files.copy(ROOT.resolve("prometheus/rules.yml"), directory.resolve("rules.yml"),
				StandardCopyOption.REPLACE_EXISTING);

		ToolResult result = Prometheus.promtool("check", "config", directory.resolve("prometheus.yml").toString());

		assertThat(result.exitCode()).as(result.output()).isZero();
	}

	@Test
	void shouldPassPromtoolRuleTests() {
		ToolResult result = Prometheus.promtool("test", "rules", "prometheus/rules.test.yml");

		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS");
	}

	@Test
	void shouldFollowTheDashboardStyle() {
		Dashboards dashboards = Dashboards.load(ROOT.resolve("grafana/dashboards"));

		List<String> violations = dashboards.styleViolations();

		assertThat(dashboards.files()).hasSizeGreaterThanOrEqualTo(5);
		assertThat(violations).isEmpty();
	}

	@Test
	void shouldCatchADashboardThatWiresInItsDatasource(@TempDir Path directory) throws Exception {
		String overview = Files.readString(ROOT.resolve("grafana/dashboards/switchyard-overview.json"));
		Files.writeString(directory.resolve("wired.json"), overview.replace("\"id\": null", "\"id\": 7")
			.replaceFirst("\"uid\": \"\\$\\{datasource}\"", "\"uid\": \"switchyard-prometheus\""));

		List<String> violations = Dashboards.load(directory).styleViolations();

		assertThat(violations).anyMatch((violation) -> violation.contains("\"id\" must be null"))
			.anyMatch((violation) -> violation.contains("switchyard-prometheus") && violation.contains("wired in"));
	}

	@Test
	void shouldFindTheMetricsAnExpressionSelects() {
		String expr = "histogram_quantile(0.99, sum by (le) (rate(a_bucket{job=\"x\", uri=~\"/api/.*\"}[$__rate_interval])))"
				+ " / ignoring(instance) group_left() scalar(max(b)) > 0.5 and on() c offset 5m or vector(0)";

		assertThat(MetricNames.of(expr)).containsExactlyInAnyOrder("a_bucket", "b", "c");
	}

	@Test
	void shouldProvisionOneDatasourceWithAFixedUid() throws Exception {
		JsonNode provisioning = new YAMLMapper()
			.readTree(Files.readString(ROOT.resolve("grafana/provisioning/datasources/prometheus.yml")));

		JsonNode datasources = provisioning.path("datasources");

		assertThat(datasources.size()).isOne();
		assertThat(datasources.get(0).path("type").asString()).isEqualTo("prometheus");
		assertThat(datasources.get(0).path("uid").asString("")).matches("[a-z0-9-]{1,40}");
	}

	@Test
	void shouldAnswerEveryPanelQueryWithData() {
		Observed running = observed();
		Dashboards dashboards = Dashboards.load(ROOT.resolve("grafana/dashboards"));

		List<PanelQuery> queries = dashboards.panelQueries(running.prometheus()::labelValues);
		List<String> empty = new ArrayList<>();
		for (PanelQuery query : queries) {
			try {
				if (running.prometheus().seriesCount(query.promql()) == 0) {
					empty.add(query + " returned no series");
				}
			}
			catch (IllegalArgumentException ex) {
				empty.add(query + " was rejected: " + ex.getMessage());
			}
		}

		assertThat(queries).hasSizeGreaterThanOrEqualTo(50);
		assertThat(empty).as(running::diagnostics).isEmpty();
	}

	@Test
	void shouldScrapeEveryMetricThatRulesAndPanelsName() {
		Observed running = observed();
		Set<String> scraped = running.prometheus().metricNames();
		Dashboards dashboards = Dashboards.load(ROOT.resolve("grafana/dashboards"));
		List<String> expressions = new ArrayList<>(MetricNames.ruleExpressions(ROOT.resolve("prometheus/rules.yml")));
		dashboards.panelQueries(running.prometheus()::labelValues).forEach((query) -> expressions.add(query.expr()));
		expressions.addAll(dashboards.variableQueries());

		Set<String> named = new TreeSet<>();
		expressions.forEach((expr) -> named.addAll(MetricNames.of(expr)));
		// the alerts' own series, which Prometheus writes while a rule is pending or
		// firing
		named.removeAll(Set.of("ALERTS", "ALERTS_FOR_STATE"));

		assertThat(named).contains("up", "gateway_lb_requests_total", "node_catalog_version", "registry_instances");
		assertThat(scraped).as(running::diagnostics).containsAll(named);
	}

	private static synchronized Observed observed() {
		if (observed == null) {
			observed = Observed.start();
		}
		return observed;
	}

	/**
	 * The cluster, its Prometheus, and the traffic that goes on while the panels are
	 * queried.
	 */
	private record Observed(LocalCluster cluster, Prometheus prometheus, LoadGenerator load,
			StatefulTraffic traffic) implements AutoCloseable {

		static Observed start() {
			LocalCluster cluster = LocalCluster.start(3);
			Prometheus prometheus = null;
			LoadGenerator load = null;
			StatefulTraffic traffic = null;
			try {
				prometheus = Prometheus.start(cluster.registryUrl(), cluster.gatewayUrl(), cluster.logs());
				load = LoadGenerator.start(cluster.gatewayUrl() + "/api/whoami", 2);
				traffic = StatefulTraffic.start(cluster.gatewayUrl());
				Observed observed = new Observed(cluster, prometheus, load, traffic);
				observed.driveIncidents();
				return observed;
			}
			catch (RuntimeException | Error ex) {
				for (AutoCloseable closeable : new AutoCloseable[] { traffic, load, prometheus, cluster }) {
					closeQuietly(closeable);
				}
				throw ex;
			}
		}

		/**
		 * A policy switch, a failing node that the gateway ejects, a killed node (the
		 * gateway retries elsewhere, its lease expires), a node drained by SIGTERM; then
		 * wait until Prometheus has seen the outcome of each.
		 */
		private void driveIncidents() {
			await().atMost(SETTLE)
				.pollInterval(Duration.ofMillis(250))
				.alias("Prometheus scrapes the registry, the gateway and three nodes")
				.until(() -> this.prometheus.seriesCount("up == 1") == 5
						// the gateway found in the registry, as service "gateway"
						&& this.prometheus.seriesCount("up{job=\"gateway\", service=\"gateway\"} == 1") == 1);
			switchPolicy("least-connections");

			chaos("node-1", "{\"latencyMs\":0,\"errorRate\":1.0}");
			await().atMost(SETTLE)
				.pollInterval(Duration.ofMillis(100))
				.alias("the gateway ejects the failing node-1")
				.until(() -> lbInstance("node-1").path("ejected").asBoolean());
			clearChaos("node-1");

			ManagedProcess killed = this.cluster.node("node-3");
			killed.kill();
			killed.awaitExit(10);
			await().atMost(SETTLE)
				.pollInterval(Duration.ofMillis(250))
				.alias("the gateway retries on another node what it could not send to the killed node-3")
				.until(() -> this.prometheus.seriesCount("gateway_lb_retries_total > 0") > 0);

			ManagedProcess drained = this.cluster.node("node-2");
			drained.terminate();
			await().atMost(SETTLE).alias("node-2 drains and exits").until(() -> drained.awaitExit(1));

			await().atMost(SETTLE)
				.pollInterval(Duration.ofMillis(250))
				.alias("Prometheus sees node-2 deregistered and node-3's lease expired")
				.until(() -> this.prometheus
					.seriesCount("registry_instances_removed_total{reason=\"DEREGISTERED\"} > 0") == 1
						&& this.prometheus
							.seriesCount("registry_instances_removed_total{reason=\"EXPIRED\"} > 0") == 1);
			// back to round robin, with the route's adaptive concurrency limit on: the
			// balancer dashboard's overload row shows the limit and what it sheds
			switchSettings("{\"policy\":\"round-robin\",\"adaptiveLimit\":true}");
			await().atMost(SETTLE)
				.pollInterval(Duration.ofMillis(250))
				.alias("Prometheus sees the api route's adaptive limit, and has scraped its shed counter twice")
				// a panel's rate() needs two samples of the counter in its window; the
				// gauge needs one
				.until(() -> this.prometheus.seriesCount("gateway_lb_concurrency_limit{route=\"api\"}") == 1
						&& this.prometheus
							.seriesCount("rate(gateway_lb_shed_total{route=\"api\", reason=\"limit\"}[15s])") == 1);
		}

		private void switchPolicy(String policy) {
			switchSettings("{\"policy\":\"" + policy + "\"}");
		}

		private void switchSettings(String settings) {
			HttpResponse<String> response = send("PUT", this.cluster.gatewayUrl() + "/admin/lb/routes/api", settings);
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		}

		private JsonNode lbInstance(String instanceId) {
			HttpResponse<String> response = send("GET", this.cluster.gatewayUrl() + "/admin/lb", null);
			for (JsonNode instance : Http.json(response).path("instances")) {
				if (instance.path("instanceId").asString().equals(instanceId)) {
					return instance;
				}
			}
			throw new AssertionError(instanceId + " is not in " + response.body());
		}

		private void chaos(String instanceId, String settings) {
			HttpResponse<String> response = send("PUT", nodeUrl(instanceId) + "/admin/chaos", settings);
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		}

		private void clearChaos(String instanceId) {
			HttpResponse<String> response = send("DELETE", nodeUrl(instanceId) + "/admin/chaos", null);
			assertThat(response.statusCode()).as(response.body()).isLessThan(300);
		}

		/** The node's own address, from the registry: {@code /admin} is not proxied. */
		private String nodeUrl(String instanceId) {
			Http http = Http.withoutCookies();
			JsonNode service = Http.json(http.get(this.cluster.registryUrl() + "/v1/services/node-service"));
			for (JsonNode instance : service.path("instances")) {
				if (instance.path("instanceId").asString().equals(instanceId)) {
					return "http://" + instance.path("host").asString() + ":" + instance.path("port").asInt();
				}
			}
			throw new AssertionError(instanceId + " is not registered: " + service);
		}

		private HttpResponse<String> send(String method, String url, String json) {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
				.header("Authorization", "Bearer " + this.cluster.adminToken())
				.method(method, (json != null) ? BodyPublishers.ofString(json) : BodyPublishers.noBody());
			if (json != null) {
				request.header("Content-Type", "application/json");
			}
			return Http.withoutCookies().send(request);
		}

		/** What a failure message needs: the targets, the traffic, Prometheus' log. */
		String diagnostics() {
			return "targets: " + this.prometheus.targets() + "\ntraffic: " + new TreeMap<>(this.traffic.outcomes())
					+ "\nload: " + this.load.succeeded() + " ok, failures " + this.load.failures().size()
					+ "\nprometheus log:\n" + this.prometheus.logTail();
		}

		@Override
		public void close() {
			closeQuietly(this.traffic);
			closeQuietly(this.load);
			closeQuietly(this.prometheus);
			closeQuietly(this.cluster);
		}

		private static void closeQuietly(AutoCloseable closeable) {
			if (closeable != null) {
				try {
					closeable.close();
				}
				catch (Exception ex) {
					// stopping the rest matters more
				}
			}
		}

	}

}
