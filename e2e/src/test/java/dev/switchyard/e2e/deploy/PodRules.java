package dev.switchyard.e2e.deploy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

import dev.switchyard.e2e.deploy.Manifests.Workload;

/**
 * The house rules for every pod that the manifests run, whatever its image: hardened
 * security contexts, requests and limits, probes, pinned images, labels, and volumes that
 * exist and have exactly one source.
 */
final class PodRules {

	static final List<String> OBJECT_LABELS = List.of("app.kubernetes.io/name", "app.kubernetes.io/component",
			"app.kubernetes.io/part-of", "app.kubernetes.io/managed-by");

	static final List<String> POD_LABELS = List.of("app.kubernetes.io/name", "app.kubernetes.io/instance",
			"app.kubernetes.io/component", "app.kubernetes.io/version", "app.kubernetes.io/part-of");

	private static final Set<String> UNLABELLED_KINDS = Set.of("Namespace", "ConfigMap", "Secret");

	private PodRules() {
	}

	/**
	 * runAsNonRoot, readOnlyRootFilesystem, no privilege escalation, every capability
	 * dropped and the runtime's default seccomp profile, for every container.
	 */
	static List<String> securityViolations(Manifests manifests) {
		List<String> violations = new ArrayList<>();
		for (Workload workload : manifests.workloads()) {
			PodSecurityContext pod = Objects.requireNonNullElseGet(workload.pod().getSecurityContext(),
					PodSecurityContext::new);
			for (Container container : workload.allContainers()) {
				String where = "%s container %s".formatted(workload.describe(), container.getName());
				SecurityContext context = container.getSecurityContext();
				if (context == null) {
					violations.add(where + " has no securityContext");
					continue;
				}
				if (!Boolean.TRUE.equals(effective(context.getRunAsNonRoot(), pod.getRunAsNonRoot()))) {
					violations.add(where + " may run as root: set runAsNonRoot: true");
				}
				Long user = effective(context.getRunAsUser(), pod.getRunAsUser());
				if (user != null && user == 0) {
					violations.add(where + " runs as uid 0");
				}
				if (!Boolean.TRUE.equals(context.getReadOnlyRootFilesystem())) {
					violations.add(where + " has a writable root file system: set readOnlyRootFilesystem: true");
				}
				if (!Boolean.FALSE.equals(context.getAllowPrivilegeEscalation())) {
					violations.add(where + " may escalate privileges: set allowPrivilegeEscalation: false");
				}
				if (Boolean.TRUE.equals(context.getPrivileged())) {
					violations.add(where + " is privileged");
				}
				List<String> dropped = Optional.ofNullable(context.getCapabilities())
					.map(Capabilities::getDrop)
					.orElse(List.of());
				if (!dropped.contains("ALL")) {
					violations.add(where + " keeps its capabilities: set capabilities.drop: [ALL]");
				}
				if (!Optional.ofNullable(context.getCapabilities())
					.map(Capabilities::getAdd)
					.orElse(List.of())
					.isEmpty()) {
					violations.add(where + " adds capabilities");
				}
				SeccompProfile seccomp = effective(context.getSeccompProfile(), pod.getSeccompProfile());
				if (seccomp == null || !"RuntimeDefault".equals(seccomp.getType())) {
					violations.add(where + " has no seccompProfile RuntimeDefault");
				}
			}
		}
		return violations;
	}

	/**
	 * CPU and memory requests and limits on every container, valid quantities, requests
	 * within limits.
	 */
	static List<String> resourceViolations(Manifests manifests) {
		List<String> violations = new ArrayList<>();
		for (Workload workload : manifests.workloads()) {
			for (Container container : workload.allContainers()) {
				String where = "%s container %s".formatted(workload.describe(), container.getName());
				ResourceRequirements resources = Objects.requireNonNullElseGet(container.getResources(),
						ResourceRequirements::new);
				for (String resource : List.of("cpu", "memory")) {
					BigDecimal request = amount(resources.getRequests(), resource, where + " request", violations);
					BigDecimal limit = amount(resources.getLimits(), resource, where + " limit", violations);
					if (request != null && limit != null && request.compareTo(limit) > 0) {
						violations.add("%s requests more %s than its limit".formatted(where, resource));
					}
				}
			}
		}
		return violations;
	}

	private static BigDecimal amount(Map<String, Quantity> quantities, String resource, String what,
			List<String> violations) {
		Quantity quantity = (quantities != null) ? quantities.get(resource) : null;
		if (quantity == null) {
			violations.add("%s of %s is missing".formatted(what, resource));
			return null;
		}
		try {
			return Quantity.getAmountInBytes(quantity);
		}
		catch (IllegalArgumentException ex) {
			violations.add("%s of %s is no quantity: %s".formatted(what, resource, quantity));
			return null;
		}
	}

	/**
	 * A liveness and a readiness probe on every long-running container, on a port it
	 * declares.
	 */
	static List<String> probeViolations(Manifests manifests) {
		List<String> violations = new ArrayList<>();
		for (Workload workload : manifests.workloads()) {
			for (Container container : workload.pod().getContainers()) {
				String where = "%s container %s".formatted(workload.describe(), container.getName());
				if (container.getLivenessProbe() == null) {
					violations.add(where + " has no livenessProbe");
				}
				if (container.getReadinessProbe() == null) {
					violations.add(where + " has no readinessProbe");
				}
			}
		}
		return violations;
	}

	/**
	 * Images from a registry path with a pinned tag, never {@code latest}.
	 */
	static List<String> imageViolations(Manifests manifests) {
		List<String> violations = new ArrayList<>();
		for (Workload workload : manifests.workloads()) {
			for (Container container : workload.allContainers()) {
				String image = Objects.requireNonNullElse(container.getImage(), "");
				String tag = image.substring(image.lastIndexOf('/') + 1);
				if (!tag.contains(":") && !image.contains("@sha256:")) {
					violations.add("%s container %s: image %s has no tag".formatted(workload.describe(),
							container.getName(), image));
				}
				else if (tag.endsWith(":latest")) {
					violations.add("%s container %s: image %s is not pinned".formatted(workload.describe(),
							container.getName(), image));
				}
			}
		}
		return violations;
	}

	/**
	 * The {@code app.kubernetes.io/*} labels on every object and pod template, selectors
	 * within the pod labels.
	 */
	static List<String> labelViolations(Manifests manifests) {
		List<String> violations = new ArrayList<>();
		for (HasMetadata object : manifests.objects()) {
			if (UNLABELLED_KINDS.contains(object.getKind())) {
				continue;
			}
			Map<String, String> labels = Objects.requireNonNullElse(object.getMetadata().getLabels(), Map.of());
			for (String label : OBJECT_LABELS) {
				if (!labels.containsKey(label)) {
					violations.add(
							"%s/%s has no label %s".formatted(object.getKind(), object.getMetadata().getName(), label));
				}
			}
		}
		for (Workload workload : manifests.workloads()) {
			Map<String, String> labels = Objects.requireNonNullElse(workload.podLabels(), Map.of());
			for (String label : POD_LABELS) {
				if (!labels.containsKey(label)) {
					violations.add("%s pod template has no label %s".formatted(workload.describe(), label));
				}
			}
			workload.selector().forEach((key, value) -> {
				if (!value.equals(labels.get(key))) {
					violations.add("%s selector %s=%s does not select its own pods".formatted(workload.describe(), key,
							value));
				}
			});
		}
		return violations;
	}

	/**
	 * Every volume with exactly one source, every mount of a volume that exists.
	 */
	static List<String> volumeViolations(Manifests manifests) {
		List<String> violations = new ArrayList<>();
		for (Workload workload : manifests.workloads()) {
			Set<String> volumes = new HashSet<>();
			for (Volume volume : workload.pod().getVolumes()) {
				volumes.add(volume.getName());
				long sources = volumeSources().stream()
					.map((source) -> source.apply(volume))
					.filter(Objects::nonNull)
					.count();
				if (sources != 1) {
					violations.add("%s volume %s has %d sources instead of one".formatted(workload.describe(),
							volume.getName(), sources));
				}
			}
			if (workload.owner() instanceof StatefulSet statefulSet) {
				statefulSet.getSpec()
					.getVolumeClaimTemplates()
					.forEach((claim) -> volumes.add(claim.getMetadata().getName()));
			}
			for (Container container : workload.allContainers()) {
				for (VolumeMount mount : container.getVolumeMounts()) {
					if (!volumes.contains(mount.getName())) {
						violations.add("%s container %s mounts %s, which is no volume of its pod"
							.formatted(workload.describe(), container.getName(), mount.getName()));
					}
				}
			}
		}
		return violations;
	}

	private static List<Function<Volume, Object>> volumeSources() {
		return List.of(Volume::getConfigMap, Volume::getSecret, Volume::getEmptyDir, Volume::getPersistentVolumeClaim,
				Volume::getProjected, Volume::getHostPath, Volume::getDownwardAPI, Volume::getCsi, Volume::getEphemeral,
				Volume::getNfs, Volume::getImage);
	}

	private static <T> T effective(T container, T pod) {
		return (container != null) ? container : pod;
	}

}
