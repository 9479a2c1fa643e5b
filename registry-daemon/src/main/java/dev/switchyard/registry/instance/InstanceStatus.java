package dev.switchyard.registry.instance;

/**
 * The status of a registered instance as seen by the gateway.
 */
public enum InstanceStatus {

	/**
	 * Takes new requests.
	 */
	UP,

	/**
	 * Finishes what it has, takes only requests bound to it by affinity.
	 */
	DRAINING,

	/**
	 * Takes no requests: asked to by its owner or failing its health check.
	 */
	DOWN

}
