package dev.switchyard.gateway.admin;

import jakarta.validation.constraints.NotBlank;

/**
 * The body of {@code PUT /admin/lb/routes/{routeId}}.
 *
 * @param policy the new policy's name
 * @param hashKey the hash key of a hashing policy: {@code uri}, {@code header:NAME},
 * {@code cookie:NAME} or {@code query:NAME}
 */
public record PolicyChange(@NotBlank String policy, String hashKey) {

}
