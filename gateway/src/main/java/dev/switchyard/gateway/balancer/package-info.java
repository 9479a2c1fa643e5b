/**
 * Balancing through the registry: the per-route policy load balancer, the filter that
 * chooses, forwards and retries on another instance, and their configuration.
 */
package dev.switchyard.gateway.balancer;
