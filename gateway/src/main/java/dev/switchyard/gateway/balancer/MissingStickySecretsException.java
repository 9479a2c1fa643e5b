package dev.switchyard.gateway.balancer;

/**
 * A gateway with the production profile and no {@code GATEWAY_STICKY_SECRETS}: it would
 * sign {@code SY_NODE} with a key of its own, which the other gateways refuse.
 */
public class MissingStickySecretsException extends IllegalStateException {

	MissingStickySecretsException(String profile) {
		super("GATEWAY_STICKY_SECRETS is not set: with the '" + profile + "' profile every gateway of a cluster "
				+ "must sign SY_NODE cookies with the same keys, or a client bound by one gateway is rebound by "
				+ "the next");
	}

}
