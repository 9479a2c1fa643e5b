/**
 * Per-instance load and health the balancer decides on: in-flight requests, latency (peak
 * EWMA), failures and passive ejection.
 */
package dev.switchyard.gateway.balancer.stats;
