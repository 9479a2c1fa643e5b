package dev.switchyard.node.admin;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Access to the node's own {@code /admin} endpoints.
 *
 * @param token the bearer token they require ({@code ADMIN_TOKEN}); there is no default,
 * and without one every {@code /admin} call answers 401
 */
@Validated
@ConfigurationProperties("node.admin")
public record AdminProperties(@Nullable String token) {

}
