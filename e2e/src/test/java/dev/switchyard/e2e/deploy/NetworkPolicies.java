package dev.switchyard.e2e.deploy;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;

/**
 * Evaluates the rendered NetworkPolicies as an enforcing CNI plugin would for ingress: a
 * pod that no policy selects accepts every connection; a selected pod accepts one that
 * any rule of any policy selecting it allows. Peers are pods of the same namespace (the
 * manifests use no namespace selector nor IP block), or anything when a rule names no
 * peer.
 *
 * @param policies the rendered policies
 */
record NetworkPolicies(List<NetworkPolicy> policies) {

	static NetworkPolicies of(Manifests manifests) {
		return new NetworkPolicies(manifests.all(NetworkPolicy.class));
	}

	/**
	 * Whether a connection may be opened.
	 * @param source the labels of the connecting pod of this namespace, or {@code null}
	 * for a client outside it
	 * @param destination the labels of the pod connected to
	 * @param port the destination's port (numeric: the manifests' policies use numbers)
	 */
	boolean allows(Map<String, String> source, Map<String, String> destination, int port) {
		List<NetworkPolicy> selecting = this.policies.stream()
			.filter((policy) -> isIngress(policy) && matches(policy.getSpec().getPodSelector(), destination))
			.toList();
		if (selecting.isEmpty()) {
			return true;
		}
		return selecting.stream()
			.flatMap((policy) -> policy.getSpec().getIngress().stream())
			.anyMatch((rule) -> allowsPort(rule, port) && allowsPeer(rule, source));
	}

	private static boolean isIngress(NetworkPolicy policy) {
		List<String> types = policy.getSpec().getPolicyTypes();
		return types == null || types.isEmpty() || types.contains("Ingress");
	}

	private static boolean allowsPort(NetworkPolicyIngressRule rule, int port) {
		if (rule.getPorts().isEmpty()) {
			return true;
		}
		for (NetworkPolicyPort allowed : rule.getPorts()) {
			if (allowed.getPort() == null) {
				return true;
			}
			if (allowed.getPort().getIntVal() == null) {
				throw new IllegalStateException("named port %s: use port numbers".formatted(allowed.getPort()));
			}
			int from = allowed.getPort().getIntVal();
			int to = Objects.requireNonNullElse(allowed.getEndPort(), from);
			if (port >= from && port <= to) {
				return true;
			}
		}
		return false;
	}

	private static boolean allowsPeer(NetworkPolicyIngressRule rule, Map<String, String> source) {
		if (rule.getFrom().isEmpty()) {
			return true;
		}
		for (NetworkPolicyPeer peer : rule.getFrom()) {
			if (peer.getIpBlock() != null || peer.getNamespaceSelector() != null) {
				throw new IllegalStateException("peer %s: this evaluator knows pod selectors only".formatted(peer));
			}
			if (source != null && matches(peer.getPodSelector(), source)) {
				return true;
			}
		}
		return false;
	}

	private static boolean matches(LabelSelector selector, Map<String, String> labels) {
		if (selector == null) {
			return true;
		}
		if (!selector.getMatchExpressions().isEmpty()) {
			throw new IllegalStateException("matchExpressions: this evaluator knows matchLabels only");
		}
		Map<String, String> required = Objects.requireNonNullElse(selector.getMatchLabels(), Map.of());
		return labels.entrySet().containsAll(required.entrySet());
	}

}
