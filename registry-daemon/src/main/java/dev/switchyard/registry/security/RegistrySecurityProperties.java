package dev.switchyard.registry.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import dev.switchyard.web.security.AdminRateLimitProperties;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Protection of the registry's write operations.
 *
 * @param token The bearer token that writes must present; there is deliberately no
 * default, set it with the {@code REGISTRY_TOKEN} environment variable
 * @param rateLimit the rate limits of writes per client address; the registry's
 * {@code application.yml} sets them far higher than an admin API's, as the heartbeats of
 * every instance of a host come from one address
 */
@Validated
@ConfigurationProperties("registry.security")
public record RegistrySecurityProperties(
		@NotBlank(message = "is required: set the REGISTRY_TOKEN environment variable (or registry.security.token); "
				+ "the registry refuses to start without a token for writes") String token,
		@Valid @NotNull @DefaultValue @NestedConfigurationProperty AdminRateLimitProperties rateLimit) {

	@Override
	public String toString() {
		return "RegistrySecurityProperties[token=******, rateLimit=" + this.rateLimit + "]";
	}

}
