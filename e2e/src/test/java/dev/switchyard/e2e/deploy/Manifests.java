package dev.switchyard.e2e.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The objects of one rendered overlay: the YAML documents as kustomize wrote them (which
 * a test may copy and spoil), and the same read into the Kubernetes API model.
 *
 * @param overlay the overlay's name
 * @param documents one tree per YAML document
 */
record Manifests(String overlay, List<JsonNode> documents) {

	private static final YAMLMapper YAML = new YAMLMapper();

	static Manifests parse(String overlay, String yaml) {
		List<JsonNode> documents = YAML.readerFor(JsonNode.class)
			.readValues(yaml)
			.readAll()
			.stream()
			.map(JsonNode.class::cast)
			.filter((document) -> !document.isNull() && !document.isMissingNode())
			.toList();
		return new Manifests(overlay, documents);
	}

	/**
	 * A deep copy, to plant a mistake in.
	 */
	Manifests copy() {
		return new Manifests(this.overlay, this.documents.stream().map(JsonNode::deepCopy).toList());
	}

	/**
	 * The document of one object, to change in a copy.
	 */
	ObjectNode document(String kind, String name) {
		return (ObjectNode) this.documents.stream()
			.filter((document) -> document.path("kind").asString().equals(kind)
					&& document.path("metadata").path("name").asString().equals(name))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("%s has no %s %s".formatted(this.overlay, kind, name)));
	}

	/**
	 * Every object, read into the Kubernetes API model.
	 * @throws AssertionError if an object does not match the Kubernetes API schema
	 */
	List<HasMetadata> objects() {
		KubernetesSchema.Validation validation = KubernetesSchema.validate(this.documents);
		if (!validation.violations().isEmpty()) {
			throw new AssertionError("%s does not match the Kubernetes API schema:%n%s".formatted(this.overlay,
					String.join(System.lineSeparator(), validation.violations())));
		}
		return validation.objects();
	}

	<T extends HasMetadata> List<T> all(Class<T> type) {
		return objects().stream().filter(type::isInstance).map(type::cast).toList();
	}

	<T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
		return all(type).stream().filter((object) -> object.getMetadata().getName().equals(name)).findFirst();
	}

	<T extends HasMetadata> T get(Class<T> type, String name) {
		return find(type, name).orElseThrow(() -> new AssertionError(
				"%s renders no %s named %s".formatted(this.overlay, type.getSimpleName(), name)));
	}

	/**
	 * Every object that runs pods: Deployments, DaemonSets and StatefulSets.
	 */
	List<Workload> workloads() {
		List<Workload> workloads = new ArrayList<>();
		for (HasMetadata object : objects()) {
			if (object instanceof Deployment deployment) {
				workloads.add(new Workload(object, deployment.getSpec().getTemplate(),
						deployment.getSpec().getSelector().getMatchLabels()));
			}
			else if (object instanceof DaemonSet daemonSet) {
				workloads.add(new Workload(object, daemonSet.getSpec().getTemplate(),
						daemonSet.getSpec().getSelector().getMatchLabels()));
			}
			else if (object instanceof StatefulSet statefulSet) {
				workloads.add(new Workload(object, statefulSet.getSpec().getTemplate(),
						statefulSet.getSpec().getSelector().getMatchLabels()));
			}
		}
		return workloads;
	}

	Workload workload(String name) {
		return workloads().stream()
			.filter((workload) -> workload.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("%s renders no workload named %s".formatted(this.overlay, name)));
	}

	/**
	 * One object that runs pods, and the template of its pods.
	 *
	 * @param owner the Deployment, DaemonSet or StatefulSet
	 * @param template its pod template
	 * @param selector its selector's labels
	 */
	record Workload(HasMetadata owner, PodTemplateSpec template, Map<String, String> selector) {

		String name() {
			return this.owner.getMetadata().getName();
		}

		String describe() {
			return this.owner.getKind() + "/" + name();
		}

		PodSpec pod() {
			return this.template.getSpec();
		}

		Map<String, String> podLabels() {
			return this.template.getMetadata().getLabels();
		}

		/**
		 * The init containers, then the containers.
		 */
		List<Container> allContainers() {
			return Stream.concat(pod().getInitContainers().stream(), pod().getContainers().stream()).toList();
		}

		Optional<Container> container(String name) {
			return allContainers().stream().filter((container) -> container.getName().equals(name)).findFirst();
		}

	}

}
