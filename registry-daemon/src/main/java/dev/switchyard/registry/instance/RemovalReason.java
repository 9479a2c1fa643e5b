package dev.switchyard.registry.instance;

/**
 * Why an instance left the registry.
 */
public enum RemovalReason {

	/**
	 * Its lease was not renewed within its time to live.
	 */
	EXPIRED,

	/**
	 * Its owner deregistered it.
	 */
	DEREGISTERED

}
