/**
 * The balancing policies of the contract, each a {@link LoadBalancingPolicy} that picks
 * one instance among the candidates and can say why.
 */
package dev.switchyard.gateway.balancer.policy;
