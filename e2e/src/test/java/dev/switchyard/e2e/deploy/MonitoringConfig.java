package dev.switchyard.e2e.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.VolumeMount;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import dev.switchyard.e2e.deploy.Manifests.Workload;

/**
 * Prometheus and Grafana on Kubernetes against the repository's own files: the rendered
 * ConfigMaps hold those files unchanged, and the scrape configuration for Kubernetes
 * keeps the jobs of {@code prometheus/prometheus.yml}.
 */
final class MonitoringConfig {

	private static final YAMLMapper YAML = new YAMLMapper();

	private MonitoringConfig() {
	}

	/**
	 * The data of the generated ConfigMap whose name (before kustomize's hash) is given.
	 */
	static Map<String, String> configMap(Manifests manifests, String name) {
		return manifests.all(ConfigMap.class)
			.stream()
			.filter((configMap) -> configMap.getMetadata().getName().matches(name + "-[a-z0-9]{10}"))
			.findFirst()
			.map((configMap) -> Objects.requireNonNullElse(configMap.getData(), Map.<String, String>of()))
			.orElseThrow(() -> new AssertionError("%s renders no ConfigMap %s".formatted(manifests.overlay(), name)));
	}

	/**
	 * The files of a repository directory, by name, as a ConfigMap generated over them
	 * holds them.
	 */
	static Map<String, String> repositoryFiles(String directory, String... extensions) {
		Path path = Kustomize.ROOT.resolve(directory);
		if (!Files.isDirectory(path)) {
			return Map.of();
		}
		try (Stream<Path> files = Files.list(path)) {
			return files.filter(Files::isRegularFile)
				.filter((file) -> Stream.of(extensions).anyMatch((extension) -> file.toString().endsWith(extension)))
				.collect(Collectors.toMap((file) -> file.getFileName().toString(), MonitoringConfig::read,
						(first, second) -> first, TreeMap::new));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Differences between the Kubernetes scrape configuration and the repository's: the
	 * intervals, the rule files, the jobs and their metrics paths.
	 */
	static List<String> prometheusViolations(Manifests manifests) {
		List<String> violations = new ArrayList<>();
		JsonNode repository = YAML.readTree(read(Kustomize.ROOT.resolve("prometheus/prometheus.yml")));
		JsonNode kubernetes = YAML.readTree(configMap(manifests, "prometheus-config").get("prometheus.yml"));
		if (!repository.path("global").equals(kubernetes.path("global"))) {
			violations.add("global differs: %s, prometheus/prometheus.yml %s".formatted(kubernetes.path("global"),
					repository.path("global")));
		}
		if (!repository.path("rule_files").equals(kubernetes.path("rule_files"))) {
			violations.add("rule_files differ: %s, prometheus/prometheus.yml %s"
				.formatted(kubernetes.path("rule_files"), repository.path("rule_files")));
		}
		Map<String, JsonNode> repositoryJobs = jobs(repository);
		Map<String, JsonNode> kubernetesJobs = jobs(kubernetes);
		if (!repositoryJobs.keySet().equals(kubernetesJobs.keySet())) {
			violations.add("jobs %s, prometheus/prometheus.yml %s".formatted(kubernetesJobs.keySet(),
					repositoryJobs.keySet()));
		}
		repositoryJobs.forEach((name, job) -> {
			JsonNode other = kubernetesJobs.get(name);
			for (String field : List.of("metrics_path", "scheme", "scrape_interval", "honor_labels")) {
				if (other != null && !job.path(field).equals(other.path(field))) {
					violations.add("job %s: %s is %s, in prometheus/prometheus.yml %s".formatted(name, field,
							other.path(field), job.path(field)));
				}
			}
		});
		return violations;
	}

	/**
	 * The pods each Kubernetes job keeps
	 * ({@code regex: <app.kubernetes.io/name>;<port name>}) exist, with that port.
	 */
	static List<String> scrapeTargetViolations(Manifests manifests) {
		List<String> violations = new ArrayList<>();
		JsonNode kubernetes = YAML.readTree(configMap(manifests, "prometheus-config").get("prometheus.yml"));
		jobs(kubernetes).forEach((name, job) -> {
			List<String> keeps = job.path("relabel_configs")
				.values()
				.stream()
				.filter((relabel) -> relabel.path("action").asString().equals("keep"))
				.map((relabel) -> relabel.path("regex").asString())
				.toList();
			if (keeps.isEmpty()) {
				violations.add("job %s keeps every pod of the namespace".formatted(name));
			}
			for (String keep : keeps) {
				String[] parts = keep.split(";");
				boolean found = manifests.workloads()
					.stream()
					.filter((workload) -> parts[0].equals(workload.podLabels().get("app.kubernetes.io/name")))
					.flatMap((workload) -> workload.pod().getContainers().stream())
					.flatMap((container) -> container.getPorts().stream())
					.anyMatch((port) -> parts.length > 1 && parts[1].equals(port.getName()));
				if (!found) {
					violations.add("job %s keeps %s: no pod has that name and port".formatted(name, keep));
				}
			}
		});
		return violations;
	}

	/**
	 * Where the Grafana container mounts the volume of a ConfigMap.
	 */
	static String grafanaMountPath(Manifests manifests, String configMap) {
		Workload grafana = manifests.workload("grafana");
		String volume = grafana.pod()
			.getVolumes()
			.stream()
			.filter((candidate) -> candidate.getConfigMap() != null
					&& candidate.getConfigMap().getName().startsWith(configMap + "-"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("grafana mounts no ConfigMap " + configMap))
			.getName();
		Container container = grafana.container("grafana").orElseThrow();
		return container.getVolumeMounts()
			.stream()
			.filter((mount) -> mount.getName().equals(volume))
			.map(VolumeMount::getMountPath)
			.findFirst()
			.orElseThrow(() -> new AssertionError("grafana does not mount volume " + volume));
	}

	/**
	 * The paths that the repository's dashboard providers read dashboards from.
	 */
	static Set<String> dashboardProviderPaths() {
		return repositoryFiles("grafana/provisioning/dashboards", ".yml", ".yaml").values()
			.stream()
			.flatMap((text) -> YAML.readTree(text).path("providers").values().stream())
			.map((provider) -> provider.path("options").path("path").asString(null))
			.filter(Objects::nonNull)
			.collect(Collectors.toSet());
	}

	/**
	 * The URLs of the repository's Grafana datasources.
	 */
	static List<String> datasourceUrls() {
		return repositoryFiles("grafana/provisioning/datasources", ".yml", ".yaml").values()
			.stream()
			.flatMap((text) -> YAML.readTree(text).path("datasources").values().stream())
			.map((datasource) -> datasource.path("url").asString(null))
			.filter(Objects::nonNull)
			.toList();
	}

	private static Map<String, JsonNode> jobs(JsonNode configuration) {
		return configuration.path("scrape_configs")
			.values()
			.stream()
			.collect(Collectors.toMap((job) -> job.path("job_name").asString(), (job) -> job, (first, second) -> first,
					TreeMap::new));
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
