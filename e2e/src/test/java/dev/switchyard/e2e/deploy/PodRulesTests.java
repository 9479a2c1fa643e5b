package dev.switchyard.e2e.deploy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

import static dev.switchyard.e2e.deploy.KubernetesSchemaTests.container;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every pod of every overlay is hardened, sized, probed, labelled and runs pinned images;
 * and each rule catches what it is there for.
 */
class PodRulesTests {

	static List<String> overlays() {
		return Kustomize.overlays();
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void shouldHardenEveryContainer(String overlay) {
		Manifests manifests = Kustomize.render(overlay);

		List<String> violations = PodRules.securityViolations(manifests);

		assertThat(violations).isEmpty();
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void shouldGiveEveryContainerRequestsAndLimits(String overlay) {
		Manifests manifests = Kustomize.render(overlay);

		List<String> violations = PodRules.resourceViolations(manifests);

		assertThat(violations).isEmpty();
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void shouldProbeEveryContainer(String overlay) {
		Manifests manifests = Kustomize.render(overlay);

		List<String> violations = PodRules.probeViolations(manifests);

		assertThat(violations).isEmpty();
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void shouldRunPinnedImagesOnly(String overlay) {
		Manifests manifests = Kustomize.render(overlay);

		List<String> violations = PodRules.imageViolations(manifests);

		assertThat(violations).isEmpty();
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void shouldLabelEveryObjectTheKubernetesWay(String overlay) {
		Manifests manifests = Kustomize.render(overlay);

		List<String> violations = PodRules.labelViolations(manifests);

		assertThat(violations).isEmpty();
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void shouldMountOnlyVolumesThatExist(String overlay) {
		Manifests manifests = Kustomize.render(overlay);

		List<String> violations = PodRules.volumeViolations(manifests);

		assertThat(violations).isEmpty();
	}

	@Test
	void shouldRejectAContainerWithoutSecurityContext() {
		Manifests manifests = Kustomize.render("local").copy();
		container(manifests, "Deployment", "node-service").remove("securityContext");

		List<String> violations = PodRules.securityViolations(manifests);

		assertThat(violations).containsExactly("Deployment/node-service container node-service has no securityContext");
	}

	@Test
	void shouldRejectAWritableRootFileSystemAndKeptCapabilities() {
		Manifests manifests = Kustomize.render("local").copy();
		ObjectNode securityContext = (ObjectNode) container(manifests, "StatefulSet", "redis").path("securityContext");
		securityContext.put("readOnlyRootFilesystem", false);
		securityContext.remove("capabilities");

		List<String> violations = PodRules.securityViolations(manifests);

		assertThat(violations).containsExactly(
				"StatefulSet/redis container redis has a writable root file system: set readOnlyRootFilesystem: true",
				"StatefulSet/redis container redis keeps its capabilities: set capabilities.drop: [ALL]");
	}

	@Test
	void shouldRejectAPodThatMayRunAsRootWithoutSeccomp() {
		Manifests manifests = Kustomize.render("local").copy();
		((ObjectNode) manifests.document("Deployment", "gateway").path("spec").path("template").path("spec"))
			.remove("securityContext");
		((ObjectNode) container(manifests, "Deployment", "gateway").path("securityContext")).remove("runAsNonRoot");

		List<String> violations = PodRules.securityViolations(manifests);

		assertThat(violations).containsExactly(
				"Deployment/gateway container gateway may run as root: set runAsNonRoot: true",
				"Deployment/gateway container gateway has no seccompProfile RuntimeDefault");
	}

	@Test
	void shouldRejectAMissingLimitAndAnInvalidQuantity() {
		Manifests manifests = Kustomize.render("local").copy();
		ObjectNode resources = (ObjectNode) container(manifests, "Deployment", "gateway").path("resources");
		((ObjectNode) resources.path("limits")).remove("memory");
		((ObjectNode) resources.path("requests")).put("cpu", "a lot");

		List<String> violations = PodRules.resourceViolations(manifests);

		assertThat(violations).containsExactly(
				"Deployment/gateway container gateway request of cpu is no quantity: a lot",
				"Deployment/gateway container gateway limit of memory is missing");
	}

	@Test
	void shouldRejectAVolumeWithTwoSources() {
		Manifests manifests = Kustomize.render("local").copy();
		ObjectNode volume = (ObjectNode) manifests.document("Deployment", "gateway")
			.path("spec")
			.path("template")
			.path("spec")
			.path("volumes")
			.path(0);
		volume.putObject("configMap").put("name", "anything");

		List<String> violations = PodRules.volumeViolations(manifests);

		assertThat(violations).containsExactly("Deployment/gateway volume tmp has 2 sources instead of one");
	}

	@Test
	void shouldRejectAnUnpinnedImage() {
		Manifests manifests = Kustomize.render("local").copy();
		container(manifests, "StatefulSet", "redis").put("image", "redis:latest");

		List<String> violations = PodRules.imageViolations(manifests);

		assertThat(violations).containsExactly("StatefulSet/redis container redis: image redis:latest is not pinned");
	}

}
