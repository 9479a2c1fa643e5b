package dev.switchyard.registry.security;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Protection of the registry's write operations.
 *
 * @param token The bearer token that writes must present; there is deliberately no
 * default, set it with the {@code REGISTRY_TOKEN} environment variable
 */
@Validated
@ConfigurationProperties("registry.security")
public record RegistrySecurityProperties(
		@NotBlank(message = "is required: set the REGISTRY_TOKEN environment variable (or registry.security.token); "
				+ "the registry refuses to start without a token for writes") String token) {

	@Override
	public String toString() {
		return "RegistrySecurityProperties[token=******]";
	}

}
