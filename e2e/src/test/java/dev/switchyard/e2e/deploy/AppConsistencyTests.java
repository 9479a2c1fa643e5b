package dev.switchyard.e2e.deploy;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.Container;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.switchyard.e2e.deploy.Manifests.Workload;

import static dev.switchyard.e2e.deploy.KubernetesSchemaTests.container;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The manifests say what the applications read: the environment variables of their
 * {@code application.yml}, their ports, the images the Dockerfile builds, addresses of
 * Services that exist; and each check catches the mistake it is there for.
 */
class AppConsistencyTests {

	static List<String> overlays() {
		return Kustomize.overlays();
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void shouldSetOnlyEnvironmentVariablesTheAppsRead(String overlay) {
		Manifests manifests = Kustomize.render(overlay);

		List<String> violations = AppConsistency.environmentViolations(manifests, apps());

		assertThat(violations).isEmpty();
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void shouldDeclareThePortsTheAppsListenOn(String overlay) {
		Manifests manifests = Kustomize.render(overlay);

		List<String> violations = AppConsistency.portViolations(manifests, apps());

		assertThat(violations).isEmpty();
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void shouldProbeTheActuatorHealthGroups(String overlay) {
		Manifests manifests = Kustomize.render(overlay);

		List<String> violations = AppConsistency.actuatorProbeViolations(manifests, apps());

		assertThat(violations).isEmpty();
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void shouldRunTheImagesTheDockerfileBuilds(String overlay) {
		Manifests manifests = Kustomize.render(overlay);

		List<String> violations = AppConsistency.imageViolations(manifests, apps(), version());

		assertThat(violations).isEmpty();
		assertThat(manifests.workloads()).extracting(Workload::name).containsAll(AppConfiguration.APPS);
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void shouldPointEveryAddressAtSomethingRendered(String overlay) {
		Manifests manifests = Kustomize.render(overlay);

		List<String> violations = AppConsistency.addressViolations(manifests);

		assertThat(violations).isEmpty();
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void shouldSelectPodsWithEveryService(String overlay) {
		Manifests manifests = Kustomize.render(overlay);

		List<String> violations = AppConsistency.serviceViolations(manifests);

		assertThat(violations).isEmpty();
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void shouldReferToSecretsAndConfigMapsThatAreRendered(String overlay) {
		Manifests manifests = Kustomize.render(overlay);

		List<String> violations = AppConsistency.referenceViolations(manifests);

		assertThat(violations).isEmpty();
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void shouldLetANodeDrainBeforeItIsKilled(String overlay) {
		Workload node = Kustomize.render(overlay).workload("node-service");

		Container container = node.container("node-service").orElseThrow();
		List<String> preStop = container.getLifecycle().getPreStop().getExec().getCommand();
		long grace = node.pod().getTerminationGracePeriodSeconds();

		assertThat(preStop).first().isEqualTo("sleep");
		// the preStop sleep, ~1 s for the balancers to see DRAINING, 20 s of graceful
		// shutdown
		assertThat(grace).isGreaterThanOrEqualTo(30).isGreaterThan(Long.parseLong(preStop.get(1)) + 1 + 20);
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void shouldRegisterEachNodeWithTheDaemonOnItsOwnMachine(String overlay) {
		Container node = Kustomize.render(overlay).workload("node-service").container("node-service").orElseThrow();

		Map<String, String> fields = node.getEnv()
			.stream()
			.filter((variable) -> variable.getValueFrom() != null && variable.getValueFrom().getFieldRef() != null)
			.collect(Collectors.toMap((variable) -> variable.getName(),
					(variable) -> variable.getValueFrom().getFieldRef().getFieldPath()));

		assertThat(fields).containsEntry("HOST_IP", "status.hostIP")
			.containsEntry("NODE_HOST", "status.podIP")
			.containsEntry("INSTANCE_ID", "metadata.name");
		assertThat(AppConsistency.env(node, "REGISTRY_URL")).hasValue("http://$(HOST_IP):7111");
	}

	@Test
	void shouldRejectAnEnvironmentVariableNoAppReads() {
		Manifests manifests = Kustomize.render("local").copy();
		((ArrayNode) container(manifests, "Deployment", "node-service").path("env")).addObject()
			.put("name", "NODE_PROT")
			.put("value", "8081");

		List<String> violations = AppConsistency.environmentViolations(manifests, apps());

		assertThat(violations).singleElement()
			.asString()
			.startsWith("Deployment/node-service sets NODE_PROT, which node-service does not read");
	}

	@Test
	void shouldRejectAPortTheAppDoesNotListenOn() {
		Manifests manifests = Kustomize.render("local").copy();
		((ObjectNode) container(manifests, "Deployment", "gateway").path("ports").path(0)).put("containerPort", 8081);

		List<String> violations = AppConsistency.portViolations(manifests, apps());

		assertThat(violations).contains(
				"Deployment/gateway container gateway listens on GATEWAY_PORT=8080 but declares port 8081",
				"Deployment/gateway container gateway declares port 8081, the Dockerfile's gateway target exposes 8080");
	}

	@Test
	void shouldRejectAServicePortThatReachesNoContainerPort() {
		Manifests manifests = Kustomize.render("local").copy();
		((ObjectNode) manifests.document("Service", "redis").path("spec").path("ports").path(0)).put("targetPort",
				"redis-server");

		List<String> violations = AppConsistency.serviceViolations(manifests);

		assertThat(violations)
			.containsExactly("Service/redis port 6379 targets redis-server, which StatefulSet/redis does not declare");
	}

	@Test
	void shouldRejectAnAddressOfNoRenderedService() {
		Manifests manifests = Kustomize.render("local").copy();
		ArrayNode env = (ArrayNode) container(manifests, "Deployment", "node-service").path("env");
		env.values()
			.stream()
			.filter((variable) -> variable.path("name").asString().equals("REDIS_URL"))
			.forEach((variable) -> ((ObjectNode) variable).put("value", "redis://redis-master:6379"));

		List<String> violations = AppConsistency.addressViolations(manifests);

		assertThat(violations).containsExactly("Deployment/node-service container node-service: "
				+ "REDIS_URL=redis://redis-master:6379: no rendered Service (nor StatefulSet pod) is named redis-master");
	}

	@Test
	void shouldRejectAnImageTheDockerfileDoesNotBuild() {
		Manifests manifests = Kustomize.render("local").copy();
		container(manifests, "DaemonSet", "registry-daemon").put("image", "switchyard/registry:0.1.0");

		List<String> violations = AppConsistency.imageViolations(manifests, apps(), version());

		assertThat(violations).contains("DaemonSet/registry-daemon container registry-daemon runs "
				+ "switchyard/registry:0.1.0, not switchyard/registry-daemon:" + version());
	}

	@Test
	void shouldRejectASecretKeyThatIsNotRendered() {
		Manifests manifests = Kustomize.render("local").copy();
		ObjectNode key = (ObjectNode) container(manifests, "Deployment", "gateway").path("env")
			.values()
			.stream()
			.filter((variable) -> variable.path("name").asString().equals("ADMIN_TOKEN"))
			.findFirst()
			.orElseThrow()
			.path("valueFrom")
			.path("secretKeyRef");
		key.put("key", "ADMIN_TOKEN_TYPO");

		List<String> violations = AppConsistency.referenceViolations(manifests);

		assertThat(violations).singleElement()
			.asString()
			.startsWith("Deployment/gateway container gateway: ADMIN_TOKEN comes from key ADMIN_TOKEN_TYPO");
	}

	static Map<String, AppConfiguration> apps() {
		return AppConfiguration.APPS.stream().collect(Collectors.toMap(Function.identity(), AppConfiguration::of));
	}

	static String version() {
		return System.getProperty("switchyard.version", "0.1.0-SNAPSHOT").replace("-SNAPSHOT", "");
	}

}
