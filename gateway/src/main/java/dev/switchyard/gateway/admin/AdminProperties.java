package dev.switchyard.gateway.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Access to the admin API.
 *
 * @param token the bearer token {@code /admin/**} requires ({@code ADMIN_TOKEN}); when
 * empty, every admin request is refused
 */
@Validated
@ConfigurationProperties("gateway.admin")
public record AdminProperties(String token) {

}
