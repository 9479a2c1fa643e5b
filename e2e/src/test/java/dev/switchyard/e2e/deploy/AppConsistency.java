package dev.switchyard.e2e.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import dev.switchyard.e2e.deploy.Manifests.Workload;

/**
 * What ties the manifests to the applications and to each other: environment variables
 * the applications read, the ports they listen on, the images the Dockerfile builds, and
 * addresses that name a Service (or a StatefulSet's pod) that is rendered, on a port it
 * has.
 */
final class AppConsistency {

	private static final Pattern VARIABLE_REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

	private static final Pattern URL = Pattern.compile("^(?:[a-z][a-z0-9+.-]*)://([^/:,]+):(\\d+)(?:/.*)?$");

	private static final Pattern HOST_AND_PORT = Pattern.compile("^([a-z0-9][a-z0-9.-]*):(\\d+)$");

	private static final Pattern STATEFUL_POD = Pattern.compile("^(.+)-(\\d+)$");

	private AppConsistency() {
	}

	/**
	 * Every environment variable that an application's container sets is one the
	 * application reads, or one that another of its variables refers to as
	 * {@code $(VAR)}.
	 */
	static List<String> environmentViolations(Manifests manifests, Map<String, AppConfiguration> apps) {
		List<String> violations = new ArrayList<>();
		for (Workload workload : manifests.workloads()) {
			for (Container container : workload.allContainers()) {
				AppConfiguration app = apps.get(container.getName());
				if (app == null) {
					continue;
				}
				Set<String> referenced = container.getEnv()
					.stream()
					.map(EnvVar::getValue)
					.filter(Objects::nonNull)
					.flatMap((value) -> VARIABLE_REFERENCE.matcher(value).results().map((result) -> result.group(1)))
					.collect(Collectors.toSet());
				for (EnvVar variable : container.getEnv()) {
					if (!app.reads(variable.getName()) && !referenced.contains(variable.getName())) {
						violations.add("%s sets %s, which %s does not read (its application.yml reads %s)"
							.formatted(workload.describe(), variable.getName(), app.module(), app.placeholders()));
					}
				}
				if (!container.getEnvFrom().isEmpty()) {
					violations.add("%s uses envFrom: name each variable, so that it can be checked"
						.formatted(workload.describe()));
				}
			}
		}
		return violations;
	}

	/**
	 * Each application listens on the port its container declares as {@code http}: the
	 * value of the variable its {@code server.port} is read from, the port its Dockerfile
	 * target exposes; its probes and Services use that port.
	 */
	static List<String> portViolations(Manifests manifests, Map<String, AppConfiguration> apps) {
		List<String> violations = new ArrayList<>();
		String dockerfile = read("Dockerfile");
		for (Workload workload : manifests.workloads()) {
			for (Container container : workload.pod().getContainers()) {
				AppConfiguration app = apps.get(container.getName());
				if (app == null) {
					continue;
				}
				String where = "%s container %s".formatted(workload.describe(), container.getName());
				Optional<ContainerPort> http = container.getPorts()
					.stream()
					.filter((port) -> "http".equals(port.getName()))
					.findFirst();
				if (http.isEmpty()) {
					violations.add(where + " declares no port named http");
					continue;
				}
				int port = http.get().getContainerPort();
				String configured = env(container, app.portVariable()).orElse(null);
				if (!String.valueOf(port).equals(configured)) {
					violations.add("%s listens on %s=%s but declares port %d".formatted(where, app.portVariable(),
							configured, port));
				}
				Integer exposed = exposedPort(dockerfile, app.module());
				if (exposed != null && exposed != port) {
					violations.add("%s declares port %d, the Dockerfile's %s target exposes %d".formatted(where, port,
							app.module(), exposed));
				}
				if (http.get().getHostPort() != null && !http.get().getHostPort().equals(port)) {
					violations.add("%s maps hostPort %d to %d: the well-known port is the same on the machine"
						.formatted(where, http.get().getHostPort(), port));
				}
				for (Probe probe : probes(container)) {
					Optional.ofNullable(probe.getHttpGet())
						.map(HTTPGetAction::getPort)
						.filter((probed) -> !probed.equals(new IntOrString("http"))
								&& !probed.equals(new IntOrString(port)))
						.ifPresent((probed) -> violations
							.add("%s probes port %s, not %d".formatted(where, probed.getValue(), port)));
				}
				for (Service service : servicesSelecting(manifests, workload)) {
					for (ServicePort servicePort : service.getSpec().getPorts()) {
						Integer target = targetPort(servicePort, container);
						if (target == null || target != port) {
							violations.add("Service/%s sends port %d to %s of %s, which listens on %d".formatted(
									service.getMetadata().getName(), servicePort.getPort(),
									servicePort.getTargetPort().getValue(), where, port));
						}
					}
				}
			}
		}
		return violations;
	}

	/**
	 * The actuator's liveness and readiness groups probe each application.
	 */
	static List<String> actuatorProbeViolations(Manifests manifests, Map<String, AppConfiguration> apps) {
		List<String> violations = new ArrayList<>();
		for (Workload workload : manifests.workloads()) {
			for (Container container : workload.pod().getContainers()) {
				if (!apps.containsKey(container.getName())) {
					continue;
				}
				String where = "%s container %s".formatted(workload.describe(), container.getName());
				if (!"/actuator/health/liveness".equals(httpPath(container.getLivenessProbe()))) {
					violations.add(where + " has no liveness probe on /actuator/health/liveness");
				}
				if (!"/actuator/health/readiness".equals(httpPath(container.getReadinessProbe()))) {
					violations.add(where + " has no readiness probe on /actuator/health/readiness");
				}
			}
		}
		return violations;
	}

	/**
	 * Each application runs the image that the Dockerfile's target of the same name
	 * builds, under the name and version docker-compose.yml gives it; other images are
	 * those of docker-compose.yml where it runs them too.
	 */
	static List<String> imageViolations(Manifests manifests, Map<String, AppConfiguration> apps, String version) {
		List<String> violations = new ArrayList<>();
		String dockerfile = read("Dockerfile");
		Map<String, String> composeImages = composeImages();
		Map<String, String> composeTags = composeImages.values()
			.stream()
			.collect(Collectors.toMap(AppConsistency::repository, (image) -> image, (first, second) -> first));
		for (Workload workload : manifests.workloads()) {
			for (Container container : workload.allContainers()) {
				String where = "%s container %s".formatted(workload.describe(), container.getName());
				String image = container.getImage();
				AppConfiguration app = apps.get(container.getName());
				if (app != null) {
					String expected = "switchyard/%s:%s".formatted(app.module(), version);
					if (!expected.equals(image)) {
						violations.add("%s runs %s, not %s".formatted(where, image, expected));
					}
					if (!Pattern.compile("(?m)^FROM\\s+\\S+\\s+AS\\s+" + Pattern.quote(app.module()) + "\\s*$")
						.matcher(dockerfile)
						.find()) {
						violations.add("%s: the Dockerfile has no target %s".formatted(where, app.module()));
					}
					if (!image.equals(composeImages.get(app.module()))) {
						violations.add("%s runs %s, docker-compose.yml %s".formatted(where, image,
								composeImages.get(app.module())));
					}
				}
				else if (composeTags.containsKey(repository(image))
						&& !composeTags.get(repository(image)).equals(image)) {
					violations.add("%s runs %s, docker-compose.yml %s".formatted(where, image,
							composeTags.get(repository(image))));
				}
			}
		}
		return violations;
	}

	/**
	 * Every address in an environment variable ({@code scheme://host:port} or a
	 * comma-separated {@code host:port} list) names a rendered Service that has the port,
	 * a pod of a StatefulSet through its governing Service, or, as {@code $(HOST_IP)},
	 * the machine's port of a DaemonSet's hostPort.
	 */
	static List<String> addressViolations(Manifests manifests) {
		List<String> violations = new ArrayList<>();
		for (Workload workload : manifests.workloads()) {
			for (Container container : workload.allContainers()) {
				Map<String, EnvVar> env = container.getEnv()
					.stream()
					.collect(Collectors.toMap(EnvVar::getName, (variable) -> variable, (first, second) -> second));
				for (EnvVar variable : container.getEnv()) {
					for (Address address : addresses(variable.getValue())) {
						String problem = resolve(manifests, env, address);
						if (problem != null) {
							violations.add("%s container %s: %s=%s: %s".formatted(workload.describe(),
									container.getName(), variable.getName(), variable.getValue(), problem));
						}
					}
				}
			}
		}
		return violations;
	}

	/**
	 * Each Service selects the pods of a rendered workload, on ports those pods declare.
	 */
	static List<String> serviceViolations(Manifests manifests) {
		List<String> violations = new ArrayList<>();
		for (Service service : manifests.all(Service.class)) {
			Map<String, String> selector = service.getSpec().getSelector();
			List<Workload> selected = manifests.workloads()
				.stream()
				.filter((workload) -> selector != null && !selector.isEmpty()
						&& workload.podLabels().entrySet().containsAll(selector.entrySet()))
				.toList();
			if (selected.isEmpty()) {
				violations.add("Service/%s selects no pods".formatted(service.getMetadata().getName()));
			}
			for (Workload workload : selected) {
				for (ServicePort port : service.getSpec().getPorts()) {
					boolean declared = workload.pod()
						.getContainers()
						.stream()
						.anyMatch((container) -> targetPort(port, container) != null);
					if (!declared) {
						violations.add("Service/%s port %d targets %s, which %s does not declare".formatted(
								service.getMetadata().getName(), port.getPort(), port.getTargetPort().getValue(),
								workload.describe()));
					}
				}
			}
		}
		return violations;
	}

	/**
	 * Every Secret key and ConfigMap that a pod refers to is rendered.
	 */
	static List<String> referenceViolations(Manifests manifests) {
		List<String> violations = new ArrayList<>();
		Map<String, Set<String>> secrets = manifests.all(Secret.class)
			.stream()
			.collect(Collectors.toMap((secret) -> secret.getMetadata().getName(), (secret) -> keys(secret.getData())));
		Set<String> configMaps = manifests.all(ConfigMap.class)
			.stream()
			.map((configMap) -> configMap.getMetadata().getName())
			.collect(Collectors.toSet());
		for (Workload workload : manifests.workloads()) {
			for (Container container : workload.allContainers()) {
				for (EnvVar variable : container.getEnv()) {
					SecretKeySelector key = Optional.ofNullable(variable.getValueFrom())
						.map(EnvVarSource::getSecretKeyRef)
						.orElse(null);
					if (key != null && !secrets.getOrDefault(key.getName(), Set.of()).contains(key.getKey())) {
						violations.add("%s container %s: %s comes from key %s of Secret/%s, which is not rendered"
							.formatted(workload.describe(), container.getName(), variable.getName(), key.getKey(),
									key.getName()));
					}
				}
			}
			for (Volume volume : workload.pod().getVolumes()) {
				List<String> names = new ArrayList<>();
				Optional.ofNullable(volume.getConfigMap()).ifPresent((source) -> names.add(source.getName()));
				Optional.ofNullable(volume.getProjected())
					.ifPresent((projected) -> projected.getSources()
						.stream()
						.map(VolumeProjection::getConfigMap)
						.filter(Objects::nonNull)
						.forEach((source) -> names.add(source.getName())));
				for (String name : names) {
					if (!configMaps.contains(name)) {
						violations.add("%s volume %s: ConfigMap/%s is not rendered".formatted(workload.describe(),
								volume.getName(), name));
					}
				}
			}
		}
		return violations;
	}

	private static Set<String> keys(Map<String, String> data) {
		return (data != null) ? data.keySet() : Set.of();
	}

	private static String resolve(Manifests manifests, Map<String, EnvVar> env, Address address) {
		String host = address.host();
		int port = address.port();
		Matcher reference = VARIABLE_REFERENCE.matcher(host);
		if (reference.matches()) {
			EnvVar variable = env.get(reference.group(1));
			boolean hostIp = variable != null && variable.getValueFrom() != null
					&& variable.getValueFrom().getFieldRef() != null
					&& "status.hostIP".equals(variable.getValueFrom().getFieldRef().getFieldPath());
			if (!hostIp) {
				return "$(%s) is not the machine's address (status.hostIP)".formatted(reference.group(1));
			}
			boolean hostPort = manifests.workloads()
				.stream()
				.flatMap((workload) -> workload.pod().getContainers().stream())
				.flatMap((container) -> container.getPorts().stream())
				.anyMatch((declared) -> Objects.equals(declared.getHostPort(), port));
			return hostPort ? null : "no container has hostPort %d".formatted(port);
		}
		String[] labels = host.split("\\.");
		String namespace = manifests.objects()
			.stream()
			.map((object) -> object.getMetadata().getNamespace())
			.filter(Objects::nonNull)
			.findFirst()
			.orElse("default");
		List<String> suffix = List.of(labels).subList(1, labels.length);
		Optional<Service> service = manifests.find(Service.class, labels[0]);
		if (service.isPresent() && clusterSuffix(suffix, namespace)) {
			if (address.everyAddress() && !"None".equals(service.get().getSpec().getClusterIP())) {
				return "dns+ lists every address of a name: Service/%s must be headless".formatted(labels[0]);
			}
			return hasPort(service.get(), port) ? null : "Service/%s has no port %d".formatted(labels[0], port);
		}
		Matcher pod = STATEFUL_POD.matcher(labels[0]);
		if (labels.length > 1 && pod.matches() && clusterSuffix(suffix.subList(1, suffix.size()), namespace)) {
			Optional<StatefulSet> statefulSet = manifests.find(StatefulSet.class, pod.group(1));
			if (statefulSet.isEmpty() || !statefulSet.get().getSpec().getServiceName().equals(labels[1])) {
				return "%s is no pod of a StatefulSet governed by Service/%s".formatted(host, labels[1]);
			}
			int replicas = Objects.requireNonNullElse(statefulSet.get().getSpec().getReplicas(), 1);
			if (Integer.parseInt(pod.group(2)) >= replicas) {
				return "StatefulSet/%s has %d replicas, no pod %s".formatted(pod.group(1), replicas, labels[0]);
			}
			return manifests.find(Service.class, labels[1]).filter((governing) -> hasPort(governing, port)).isPresent()
					? null : "Service/%s has no port %d".formatted(labels[1], port);
		}
		return "no rendered Service (nor StatefulSet pod) is named %s".formatted(host);
	}

	private static boolean clusterSuffix(List<String> suffix, String namespace) {
		List<String> full = List.of(namespace, "svc", "cluster", "local");
		return suffix.size() <= full.size() && full.subList(0, suffix.size()).equals(suffix);
	}

	private static boolean hasPort(Service service, int port) {
		return service.getSpec().getPorts().stream().anyMatch((declared) -> declared.getPort() == port);
	}

	private static List<Address> addresses(String value) {
		if (value == null) {
			return List.of();
		}
		List<Address> addresses = new ArrayList<>();
		for (String part : value.split(",")) {
			String candidate = part.strip();
			Matcher url = URL.matcher(candidate);
			Matcher hostAndPort = HOST_AND_PORT.matcher(candidate);
			if (url.matches()) {
				addresses.add(new Address(url.group(1), Integer.parseInt(url.group(2)), candidate.startsWith("dns+")));
			}
			else if (hostAndPort.matches()) {
				addresses.add(new Address(hostAndPort.group(1), Integer.parseInt(hostAndPort.group(2)), false));
			}
		}
		return addresses;
	}

	private static List<Service> servicesSelecting(Manifests manifests, Workload workload) {
		Predicate<Service> selects = (service) -> service.getSpec().getSelector() != null
				&& !service.getSpec().getSelector().isEmpty()
				&& workload.podLabels().entrySet().containsAll(service.getSpec().getSelector().entrySet());
		return manifests.all(Service.class).stream().filter(selects).toList();
	}

	private static Integer targetPort(ServicePort servicePort, Container container) {
		IntOrString target = Objects.requireNonNullElse(servicePort.getTargetPort(),
				new IntOrString(servicePort.getPort()));
		return container.getPorts()
			.stream()
			.filter((port) -> (target.getStrVal() != null) ? target.getStrVal().equals(port.getName())
					: target.getIntVal().equals(port.getContainerPort()))
			.map(ContainerPort::getContainerPort)
			.findFirst()
			.orElse(null);
	}

	private static List<Probe> probes(Container container) {
		return Stream.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe())
			.filter(Objects::nonNull)
			.toList();
	}

	private static String httpPath(Probe probe) {
		return Optional.ofNullable(probe).map(Probe::getHttpGet).map(HTTPGetAction::getPath).orElse(null);
	}

	static Optional<String> env(Container container, String name) {
		return container.getEnv()
			.stream()
			.filter((variable) -> variable.getName().equals(name))
			.map(EnvVar::getValue)
			.filter(Objects::nonNull)
			.findFirst();
	}

	private static Integer exposedPort(String dockerfile, String target) {
		Matcher stage = Pattern
			.compile("(?ms)^FROM\\s+\\S+\\s+AS\\s+" + Pattern.quote(target) + "\\s*$(.*?)(?=^FROM\\s|\\z)")
			.matcher(dockerfile);
		if (!stage.find()) {
			return null;
		}
		Matcher expose = Pattern.compile("(?m)^EXPOSE\\s+(\\d+)").matcher(stage.group(1));
		return expose.find() ? Integer.valueOf(expose.group(1)) : null;
	}

	/**
	 * The image of each service of docker-compose.yml.
	 */
	static Map<String, String> composeImages() {
		JsonNode services = new YAMLMapper().readTree(read("docker-compose.yml")).path("services");
		return services.propertyNames()
			.stream()
			.filter((name) -> services.path(name).path("image").isString())
			.collect(Collectors.toMap((name) -> name, (name) -> services.path(name).path("image").asString()));
	}

	private static String repository(String image) {
		int tag = image.lastIndexOf(':');
		return (tag > image.lastIndexOf('/')) ? image.substring(0, tag) : image;
	}

	static String read(String file) {
		try {
			return Files.readString(Kustomize.ROOT.resolve(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A host and port in an environment variable's value.
	 *
	 * @param host the host, or a {@code $(VAR)} reference
	 * @param port the port
	 * @param everyAddress whether every address of the name is meant ({@code dns+})
	 */
	private record Address(String host, int port, boolean everyAddress) {

	}

}
