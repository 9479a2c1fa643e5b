/**
 * Watches the registry with blocking queries and feeds Spring Cloud LoadBalancer.
 */
package dev.switchyard.registry.client.discovery;
