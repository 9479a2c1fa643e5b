/**
 * Prometheus HTTP service discovery over the registered instances.
 */
package dev.switchyard.registry.discovery;
