package dev.switchyard.e2e.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.switchyard.e2e.deploy.Manifests.Workload;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may connect to whom once the NetworkPolicies are enforced: only the gateway (and
 * the registry's health checks, and Prometheus) reaches the nodes, only the nodes reach
 * Redis, only members of the cluster reach the registry.
 */
class NetworkPolicyTests {

	/** A pod of the namespace that is no part of Switchyard. */
	private static final String INTRUDER = "intruder";

	/** A client outside the namespace, or outside the cluster. */
	private static final String OUTSIDE = "outside";

	static List<String> overlays() {
		return Kustomize.overlays();
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void shouldLetOnlyTheGatewayReachTheNodes(String overlay) {
		Manifests manifests = Kustomize.render(overlay);

		Set<String> callers = callers(manifests, "node-service", 8081);

		// the registry daemon checks the nodes' health, Prometheus scrapes them
		assertThat(callers).containsExactly("gateway", "prometheus", "registry-daemon");
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void shouldLetOnlyTheNodesReachRedis(String overlay) {
		Manifests manifests = Kustomize.render(overlay);

		Set<String> callers = callers(manifests, "redis", 6379);

		if (overlay.equals("prod")) {
			// and the replicas and Sentinels, among themselves
			assertThat(callers).containsExactly("node-service", "redis", "redis-sentinel");
			assertThat(callers(manifests, "redis-sentinel", 26379)).containsExactly("node-service", "redis",
					"redis-sentinel");
		}
		else {
			assertThat(callers).containsExactly("node-service");
		}
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void shouldLetOnlyClusterMembersReachTheRegistry(String overlay) {
		Manifests manifests = Kustomize.render(overlay);

		Set<String> callers = callers(manifests, "registry-daemon", 7111);

		assertThat(callers).doesNotContain(INTRUDER, OUTSIDE)
			.containsAll(manifests.workloads().stream().map(Workload::name).toList());
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void shouldLetAnyoneReachTheGatewayAndOnlyGrafanaQueryPrometheus(String overlay) {
		Manifests manifests = Kustomize.render(overlay);

		Set<String> gatewayCallers = callers(manifests, "gateway", 8080);
		Set<String> prometheusCallers = callers(manifests, "prometheus", 9090);
		Set<String> gatewayOnAnotherPort = callers(manifests, "gateway", 8081);

		assertThat(gatewayCallers).contains(OUTSIDE, INTRUDER, "prometheus");
		assertThat(prometheusCallers).containsExactly("grafana");
		assertThat(gatewayOnAnotherPort).isEmpty();
	}

	@Test
	void shouldCatchAPolicyThatLetsEveryoneReachTheNodes() {
		Manifests manifests = Kustomize.render("local").copy();
		ArrayNode ingress = (ArrayNode) manifests.document("NetworkPolicy", "node-service")
			.path("spec")
			.path("ingress");
		((ObjectNode) ingress.path(0)).remove("from");

		Set<String> callers = callers(manifests, "node-service", 8081);

		assertThat(callers).contains(INTRUDER, OUTSIDE, "redis");
	}

	/**
	 * The workloads (and {@link #INTRUDER}, {@link #OUTSIDE}) that may open a connection
	 * to a workload's pods on a port.
	 */
	static Set<String> callers(Manifests manifests, String destination, int port) {
		NetworkPolicies policies = NetworkPolicies.of(manifests);
		Map<String, Map<String, String>> sources = new LinkedHashMap<>();
		manifests.workloads().forEach((workload) -> sources.put(workload.name(), workload.podLabels()));
		sources.put(INTRUDER, Map.of("app.kubernetes.io/name", INTRUDER));
		sources.put(OUTSIDE, null);
		Map<String, String> target = manifests.workload(destination).podLabels();
		Set<String> callers = new TreeSet<>();
		sources.forEach((name, labels) -> {
			if (policies.allows(labels, target, port)) {
				callers.add(name);
			}
		});
		return callers;
	}

}
