package dev.switchyard.e2e.deploy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every overlay renders, into the namespace, with its secrets where they belong:
 * obviously local ones in overlays/local, none at all in the production path until the
 * user provides them.
 */
class KustomizeOverlayTests {

	/**
	 * What {@code kubectl apply} (client side) can store in its last-applied annotation.
	 */
	private static final int LAST_APPLIED_LIMIT = 256 * 1024;

	static List<String> overlays() {
		return Kustomize.overlays();
	}

	@Test
	void shouldRenderEveryOverlay() {
		List<String> overlays = Kustomize.overlays();

		List<Manifests> rendered = overlays.stream().map(Kustomize::render).toList();

		assertThat(overlays).contains("local", "prod");
		assertThat(rendered).allSatisfy((manifests) -> assertThat(manifests.objects()).extracting(HasMetadata::getKind)
			.contains("Namespace", "ServiceAccount", "Service", "ConfigMap", "Secret", "Deployment", "DaemonSet",
					"StatefulSet", "NetworkPolicy"));
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void shouldPutEverythingInTheSwitchyardNamespace(String overlay) {
		Manifests manifests = Kustomize.render(overlay);

		List<HasMetadata> objects = manifests.objects();

		assertThat(objects).filteredOn((object) -> object.getKind().equals("Namespace"))
			.extracting((object) -> object.getMetadata().getName())
			.containsExactly("switchyard");
		assertThat(objects).filteredOn((object) -> !object.getKind().equals("Namespace"))
			.allSatisfy((object) -> assertThat(object.getMetadata().getNamespace())
				.as("%s/%s", object.getKind(), object.getMetadata().getName())
				.isEqualTo("switchyard"));
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void shouldKeepEveryObjectSmallEnoughForClientSideApply(String overlay) {
		Manifests manifests = Kustomize.render(overlay);

		Map<String, Integer> sizes = manifests.documents()
			.stream()
			.collect(Collectors.toMap(KustomizeOverlayTests::describe,
					(document) -> document.toString().getBytes(StandardCharsets.UTF_8).length));

		assertThat(sizes).allSatisfy((object, size) -> assertThat(size).as(object).isLessThan(LAST_APPLIED_LIMIT));
	}

	@Test
	void shouldRunOneOfEachOnALaptop() {
		Manifests manifests = Kustomize.render("local");

		List<Integer> replicas = manifests.objects()
			.stream()
			.map((object) -> (object instanceof Deployment deployment) ? deployment.getSpec().getReplicas()
					: (object instanceof StatefulSet statefulSet) ? statefulSet.getSpec().getReplicas() : null)
			.filter((count) -> count != null)
			.toList();
		Service gateway = manifests.get(Service.class, "gateway");

		assertThat(replicas).isNotEmpty().containsOnly(1);
		assertThat(gateway.getSpec().getType()).isEqualTo("NodePort");
		assertThat(gateway.getSpec().getPorts()).singleElement()
			.satisfies((port) -> assertThat(port.getNodePort()).isEqualTo(30080));
	}

	@ParameterizedTest
	@ValueSource(strings = { "local", "prod" })
	void shouldRefuseToRenderWithoutTheUsersSecretsFile(String overlay) {
		Path inputs = Kustomize.copyInputs(false);

		assertThatExceptionOfType(Kustomize.KustomizeException.class)
			.isThrownBy(() -> Kustomize.build(inputs.resolve("k8s/overlays").resolve(overlay)))
			.withMessageContaining("secrets.env");
	}

	@ParameterizedTest
	@ValueSource(strings = { "local", "prod" })
	void shouldKeepSecretsOutOfGitWithNoDefaultToken(String overlay) throws Exception {
		Path directory = Kustomize.ROOT.resolve("k8s/overlays").resolve(overlay);
		String kustomization = Files.readString(directory.resolve("kustomization.yaml"));

		List<String> exampleKeys = Kustomize.envFileKeys(directory.resolve("secrets.env.example"));
		List<String> exampleValues = Files.readAllLines(directory.resolve("secrets.env.example"))
			.stream()
			.filter((line) -> !line.isBlank() && !line.startsWith("#"))
			.map((line) -> line.substring(line.indexOf('=') + 1))
			.toList();
		List<String> referencedKeys = Kustomize.render(overlay)
			.workloads()
			.stream()
			.flatMap((workload) -> workload.allContainers().stream())
			.flatMap((container) -> container.getEnv().stream())
			.map(EnvVar::getValueFrom)
			.filter((source) -> source != null && source.getSecretKeyRef() != null)
			.map((source) -> source.getSecretKeyRef().getKey())
			.distinct()
			.toList();

		assertThat(Files.readAllLines(directory.resolve(".gitignore"))).contains(Kustomize.SECRETS_FILE);
		assertThat(kustomization).contains("- " + Kustomize.SECRETS_FILE).doesNotContain("literals");
		assertThat(exampleValues).as("secrets.env.example holds no value").containsOnly("");
		assertThat(exampleKeys).containsExactlyInAnyOrderElementsOf(referencedKeys);
	}

	@Test
	void shouldGenerateNoSecretInTheBase() throws Exception {
		String base = Files.readString(Kustomize.ROOT.resolve("k8s/base/kustomization.yaml"));

		assertThat(base).doesNotContain("secretGenerator");
	}

	private static String describe(JsonNode document) {
		return document.path("kind").asString() + "/" + document.path("metadata").path("name").asString();
	}

}
