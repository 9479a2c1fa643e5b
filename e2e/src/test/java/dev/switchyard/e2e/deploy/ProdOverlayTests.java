package dev.switchyard.e2e.deploy;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;

import dev.switchyard.e2e.deploy.Manifests.Workload;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What overlays/prod adds: an autoscaler for the nodes, disruption budgets, pods spread
 * over machines, more room, and Redis that survives the loss of its master.
 */
class ProdOverlayTests {

	private static final List<String> REPLICATED = List.of("node-service", "gateway", "redis", "redis-sentinel");

	@Test
	void shouldGiveEveryGatewayTheSameCookieKeysAndSettingsSource() {
		Manifests prod = Kustomize.render("prod");

		List<Deployment> gateways = prod.all(Deployment.class)
			.stream()
			.filter((deployment) -> deployment.getSpec()
				.getTemplate()
				.getSpec()
				.getContainers()
				.stream()
				.anyMatch((container) -> container.getImage().contains("gateway")))
			.toList();
		Deployment gateway = prod.get(Deployment.class, "gateway");
		Container container = prod.workload("gateway").container("gateway").orElseThrow();
		Map<String, EnvVar> env = new HashMap<>();
		container.getEnv().forEach((variable) -> env.put(variable.getName(), variable));

		// one pod template for every replica: what holds for one holds for all
		assertThat(gateways).as("every gateway in one Deployment").containsExactly(gateway);
		assertThat(gateway.getSpec().getReplicas()).isGreaterThanOrEqualTo(2);
		// the same keys, from a Secret that exists in the rendered overlay, not made up
		// by each pod
		assertThat(env).containsKey("GATEWAY_STICKY_SECRETS");
		SecretKeySelector keys = env.get("GATEWAY_STICKY_SECRETS").getValueFrom().getSecretKeyRef();
		Secret secret = prod.get(Secret.class, keys.getName());
		assertThat(secret.getData()).containsKey(keys.getKey());
		assertThat(keys.getOptional()).as("a missing key is an error, not an empty list").isNotEqualTo(Boolean.TRUE);
		// the prod profile refuses to start without them
		assertThat(env.get("SPRING_PROFILES_ACTIVE")).isNotNull()
			.satisfies((profiles) -> assertThat(profiles.getValue().split(",")).contains("prod"));
		// the same settings source: the registry's key/value store, written with its
		// token
		assertThat(env.get("REGISTRY_URL").getValue()).isEqualTo("dns+http://registry-daemon-headless:7111");
		assertThat(env.get("REGISTRY_TOKEN").getValueFrom().getSecretKeyRef().getName()).isEqualTo(keys.getName());
		assertThat(env).as("settings kept in each gateway's memory").doesNotContainKey("GATEWAY_SETTINGS_STORE");
		assertThat(container.getArgs()).as("no per-pod settings on the command line").isNullOrEmpty();
	}

	@Test
	void shouldScaleTheNodesWithAnAutoscaler() {
		Manifests prod = Kustomize.render("prod");

		HorizontalPodAutoscaler autoscaler = prod.get(HorizontalPodAutoscaler.class, "node-service");
		Deployment nodes = prod.get(Deployment.class, autoscaler.getSpec().getScaleTargetRef().getName());

		assertThat(autoscaler.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
		assertThat(autoscaler.getSpec().getMinReplicas()).isEqualTo(3);
		assertThat(autoscaler.getSpec().getMaxReplicas()).isGreaterThan(3);
		assertThat(nodes.getSpec().getReplicas()).as("left to the autoscaler").isNull();
		assertThat(nodes.getSpec().getTemplate().getSpec().getContainers())
			.allSatisfy((container) -> assertThat(container.getResources().getRequests()).containsKey("cpu"));
	}

	@Test
	void shouldBudgetDisruptionsOfEveryReplicatedWorkload() {
		Manifests prod = Kustomize.render("prod");

		List<PodDisruptionBudget> budgets = prod.all(PodDisruptionBudget.class);

		for (String name : REPLICATED) {
			Map<String, String> labels = prod.workload(name).podLabels();
			assertThat(budgets).as(name)
				.filteredOn((budget) -> labels.entrySet()
					.containsAll(budget.getSpec().getSelector().getMatchLabels().entrySet()))
				.singleElement()
				.satisfies((budget) -> assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1));
		}
	}

	@Test
	void shouldSpreadReplicatedPodsOverMachines() {
		Manifests prod = Kustomize.render("prod");

		for (String name : REPLICATED) {
			Workload workload = prod.workload(name);
			List<TopologySpreadConstraint> constraints = workload.pod().getTopologySpreadConstraints();
			assertThat(constraints).as(name)
				.anySatisfy((constraint) -> assertThat(constraint.getTopologyKey()).isEqualTo("kubernetes.io/hostname"))
				.allSatisfy((constraint) -> assertThat(workload.podLabels().entrySet())
					.containsAll(constraint.getLabelSelector().getMatchLabels().entrySet()));
		}
	}

	@Test
	void shouldFindTheRedisMasterThroughSentinel() {
		Manifests prod = Kustomize.render("prod");

		Container node = prod.workload("node-service").container("node-service").orElseThrow();
		Container sentinel = prod.workload("redis-sentinel").container("sentinel").orElseThrow();
		Container redis = prod.workload("redis").container("redis").orElseThrow();
		String nodes = AppConsistency.env(node, "SPRING_DATA_REDIS_SENTINEL_NODES").orElseThrow();

		assertThat(AppConsistency.env(node, "REDIS_URL")).as("a standalone Redis URL").isEmpty();
		assertThat(AppConsistency.env(node, "SPRING_DATA_REDIS_SENTINEL_MASTER"))
			.isEqualTo(AppConsistency.env(sentinel, "MASTER_NAME"))
			.isEqualTo(AppConsistency.env(redis, "MASTER_NAME"));
		assertThat(nodes.split(",")).hasSize(prod.get(StatefulSet.class, "redis-sentinel").getSpec().getReplicas());
		assertThat(prod.get(StatefulSet.class, "redis").getSpec().getReplicas()).isEqualTo(3);
		assertThat(prod.find(Service.class, "redis")).as("a Service that would balance writes over replicas").isEmpty();
	}

	@Test
	void shouldGiveTheAppsMoreRoomThanOnALaptop() {
		Manifests prod = Kustomize.render("prod");
		Manifests local = Kustomize.render("local");

		for (String app : List.of("node-service", "gateway")) {
			assertThat(memoryLimit(prod, app)).as(app).isGreaterThan(memoryLimit(local, app));
		}
	}

	@Test
	void shouldPutTheGatewayBehindALoadBalancerThatKeepsClientAddresses() {
		Service gateway = Kustomize.render("prod").get(Service.class, "gateway");

		assertThat(gateway.getSpec().getType()).isEqualTo("LoadBalancer");
		assertThat(gateway.getSpec().getExternalTrafficPolicy()).isEqualTo("Local");
	}

	private static BigDecimal memoryLimit(Manifests manifests, String app) {
		Container container = manifests.workload(app).container(app).orElseThrow();
		return Quantity.getAmountInBytes(container.getResources().getLimits().get("memory"));
	}

}
