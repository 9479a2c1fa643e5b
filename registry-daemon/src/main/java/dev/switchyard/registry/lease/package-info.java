/**
 * Expiry of instances whose lease was not renewed in time.
 */
package dev.switchyard.registry.lease;
