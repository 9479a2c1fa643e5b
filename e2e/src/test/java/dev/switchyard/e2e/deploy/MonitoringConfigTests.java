package dev.switchyard.e2e.deploy;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.Service;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prometheus and Grafana on Kubernetes run from this repository's files, through
 * configMapGenerators over them: every dashboard and provisioning file, unchanged, and
 * the scrape jobs of {@code prometheus/prometheus.yml}.
 */
class MonitoringConfigTests {

	private static final Pattern URL = Pattern.compile("^https?://([^/:]+):(\\d+)");

	static List<String> overlays() {
		return Kustomize.overlays();
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void shouldScrapeTheJobsOfTheRepositoryPrometheusConfig(String overlay) {
		Manifests manifests = Kustomize.render(overlay);

		List<String> violations = MonitoringConfig.prometheusViolations(manifests);

		assertThat(violations).isEmpty();
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void shouldScrapePodsThatExist(String overlay) {
		Manifests manifests = Kustomize.render(overlay);

		List<String> violations = MonitoringConfig.scrapeTargetViolations(manifests);

		assertThat(violations).isEmpty();
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void shouldLoadTheRepositoryRulesUnchanged(String overlay) {
		Map<String, String> rules = MonitoringConfig.configMap(Kustomize.render(overlay), "prometheus-rules");

		Map<String, String> repository = MonitoringConfig.repositoryFiles("prometheus", "rules.yml");

		assertThat(rules).isEqualTo(repository);
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void shouldProvisionEveryDashboardAndProvisioningFileUnchanged(String overlay) {
		Manifests manifests = Kustomize.render(overlay);

		Map<String, String> dashboards = MonitoringConfig.configMap(manifests, "grafana-dashboards");
		Map<String, String> datasources = MonitoringConfig.configMap(manifests, "grafana-datasources");
		Map<String, String> providers = MonitoringConfig.configMap(manifests, "grafana-dashboard-providers");

		assertThat(dashboards).isEqualTo(MonitoringConfig.repositoryFiles("grafana/dashboards", ".json"));
		assertThat(datasources).isNotEmpty()
			.isEqualTo(MonitoringConfig.repositoryFiles("grafana/provisioning/datasources", ".yml", ".yaml"));
		assertThat(providers).isNotEmpty()
			.isEqualTo(MonitoringConfig.repositoryFiles("grafana/provisioning/dashboards", ".yml", ".yaml"));
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void shouldMountTheDashboardsWhereTheProviderReadsThem(String overlay) {
		Manifests manifests = Kustomize.render(overlay);

		String mountPath = MonitoringConfig.grafanaMountPath(manifests, "grafana-dashboards");

		assertThat(MonitoringConfig.dashboardProviderPaths()).containsExactly(mountPath);
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void shouldPointGrafanaAtThePrometheusService(String overlay) {
		Manifests manifests = Kustomize.render(overlay);

		List<String> urls = MonitoringConfig.datasourceUrls();

		assertThat(urls).isNotEmpty().allSatisfy((url) -> {
			Matcher matcher = URL.matcher(url);
			assertThat(matcher.find()).as(url).isTrue();
			Service service = manifests.get(Service.class, matcher.group(1));
			assertThat(service.getSpec().getPorts()).as(url)
				.anySatisfy((port) -> assertThat(port.getPort()).isEqualTo(Integer.parseInt(matcher.group(2))));
		});
	}

	@Test
	void shouldCatchAJobThatIsNotInTheRepositoryConfig() {
		Manifests manifests = Kustomize.render("local").copy();
		ObjectNode data = (ObjectNode) manifests.documents()
			.stream()
			.filter((document) -> document.path("metadata").path("name").asString().startsWith("prometheus-config-"))
			.findFirst()
			.orElseThrow()
			.path("data");
		data.put("prometheus.yml", data.path("prometheus.yml").asString().replace("job_name: gateway", "job_name: gw"));

		List<String> violations = MonitoringConfig.prometheusViolations(manifests);

		assertThat(violations).singleElement().asString().startsWith("jobs [gw, node-service, registry-daemon]");
	}

}
