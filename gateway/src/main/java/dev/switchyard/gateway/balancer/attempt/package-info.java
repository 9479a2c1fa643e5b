/**
 * The stages around one attempt to send a request upstream: retries on another instance
 * and the retry budget that bounds them.
 */
package dev.switchyard.gateway.balancer.attempt;
