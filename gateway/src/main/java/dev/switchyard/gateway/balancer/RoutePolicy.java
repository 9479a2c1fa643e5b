package dev.switchyard.gateway.balancer;

import org.jspecify.annotations.Nullable;

/**
 * The balancing of one route, as the admin API shows it.
 *
 * @param policy the policy's name
 * @param hashKey the hash key of a hashing policy, {@code null} otherwise
 */
public record RoutePolicy(String policy, @Nullable String hashKey) {

}
