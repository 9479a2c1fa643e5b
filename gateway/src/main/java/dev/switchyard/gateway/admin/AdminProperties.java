package dev.switchyard.gateway.admin;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import dev.switchyard.web.security.AdminRateLimitProperties;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Access to the admin API.
 *
 * @param token the bearer token {@code /admin/**} requires ({@code ADMIN_TOKEN}); when
 * empty, every admin request is refused
 * @param rateLimit the rate limits of {@code /admin/**} per client address
 */
@Validated
@ConfigurationProperties("gateway.admin")
public record AdminProperties(String token,
		@Valid @NotNull @DefaultValue @NestedConfigurationProperty AdminRateLimitProperties rateLimit) {

	@Override
	public String toString() {
		// the token is a secret: a logged or printed record must not show it
		return "AdminProperties[token=" + ((token() != null && !token().isEmpty()) ? "******" : "") + ", rateLimit="
				+ this.rateLimit + "]";
	}

}
