package dev.switchyard.e2e.deploy;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every rendered object matches the Kubernetes API schema, and the check catches the
 * mistakes it is there for.
 */
class KubernetesSchemaTests {

	static List<String> overlays() {
		return Kustomize.overlays();
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void shouldMatchTheKubernetesApiSchema(String overlay) {
		Manifests manifests = Kustomize.render(overlay);

		KubernetesSchema.Validation validation = KubernetesSchema.validate(manifests.documents());

		assertThat(validation.violations()).isEmpty();
		assertThat(validation.objects()).hasSameSizeAs(manifests.documents());
	}

	@Test
	void shouldRejectAMisspelledField() {
		Manifests manifests = Kustomize.render("local").copy();
		ObjectNode container = container(manifests, "Deployment", "node-service");
		container.set("readinessProbes", container.remove("readinessProbe"));

		List<String> violations = KubernetesSchema.validate(manifests.documents()).violations();

		assertThat(violations).singleElement()
			.asString()
			.contains("Deployment/node-service", "unknown field spec.template.spec.containers[0].readinessProbes");
	}

	@Test
	void shouldRejectAStringWhereTheSchemaHasAnInteger() {
		Manifests manifests = Kustomize.render("local").copy();
		ObjectNode port = (ObjectNode) container(manifests, "Deployment", "gateway").path("ports").path(0);
		port.put("containerPort", "8080");

		List<String> violations = KubernetesSchema.validate(manifests.documents()).violations();

		assertThat(violations).singleElement()
			.asString()
			.contains("Deployment/gateway", "wrong type at spec.template.spec.containers[0].ports[0].containerPort");
	}

	@Test
	void shouldRejectAnIntegerWhereTheSchemaHasAString() {
		Manifests manifests = Kustomize.render("local").copy();
		ObjectNode variable = (ObjectNode) container(manifests, "DaemonSet", "registry-daemon").path("env").path(0);
		variable.put("value", 7111);

		List<String> violations = KubernetesSchema.validate(manifests.documents()).violations();

		assertThat(violations).singleElement()
			.asString()
			.contains("DaemonSet/registry-daemon", "wrong type at spec.template.spec.containers[0].env[0].value");
	}

	@Test
	void shouldRejectAnObjectWhereTheSchemaHasAList() {
		Manifests manifests = Kustomize.render("local").copy();
		ObjectNode container = container(manifests, "StatefulSet", "redis");
		container.set("ports", container.path("ports").path(0));

		List<String> violations = KubernetesSchema.validate(manifests.documents()).violations();

		assertThat(violations).singleElement()
			.asString()
			.contains("StatefulSet/redis", "wrong type at spec.template.spec.containers[0].ports");
	}

	@Test
	void shouldRejectAKindTheApiDoesNotServe() {
		Manifests manifests = Kustomize.render("local").copy();
		manifests.document("Deployment", "gateway").put("apiVersion", "extensions/v1beta1");

		List<String> violations = KubernetesSchema.validate(manifests.documents()).violations();

		assertThat(violations).singleElement()
			.asString()
			.contains("Deployment/gateway", "serves no kind Deployment in extensions/v1beta1");
	}

	static ObjectNode container(Manifests manifests, String kind, String name) {
		return (ObjectNode) manifests.document(kind, name)
			.path("spec")
			.path("template")
			.path("spec")
			.path("containers")
			.path(0);
	}

}
