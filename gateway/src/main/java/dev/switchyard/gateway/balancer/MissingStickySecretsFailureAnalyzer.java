package dev.switchyard.gateway.balancer;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Says what to do when a production gateway has no {@code GATEWAY_STICKY_SECRETS},
 * instead of a stack trace.
 */
class MissingStickySecretsFailureAnalyzer extends AbstractFailureAnalyzer<MissingStickySecretsException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MissingStickySecretsException cause) {
		return new FailureAnalysis(cause.getMessage() + ".",
				"Set GATEWAY_STICKY_SECRETS (gateway.balancer.sticky.secrets) to the same comma-separated keys on "
						+ "every gateway of the cluster, e.g. one from: openssl rand -hex 32 (bin/cluster and "
						+ "compose generate one; on Kubernetes it comes from the switchyard-secrets Secret).",
				cause);
	}

}
