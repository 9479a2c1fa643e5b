package dev.switchyard.gateway.admin;

import java.util.List;
import java.util.Map;

import dev.switchyard.gateway.balancer.RoutePolicy;

/**
 * The answer of {@code GET /admin/lb}.
 *
 * @param routes the policy of each balanced route, by route id
 * @param instances the instances of the balanced services and what the gateway has seen
 * of them
 */
public record LoadBalancerState(Map<String, RoutePolicy> routes, List<InstanceState> instances) {

}
