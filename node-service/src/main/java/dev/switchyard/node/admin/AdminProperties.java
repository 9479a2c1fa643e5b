package dev.switchyard.node.admin;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import dev.switchyard.web.security.AdminRateLimitProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Access to the node's own {@code /admin} endpoints.
 *
 * @param token the bearer token they require ({@code ADMIN_TOKEN}); there is no default,
 * and without one every {@code /admin} call answers 401
 * @param rateLimit their rate limits per client address; the gateway's console reaches a
 * node's {@code /admin/chaos} from the gateway's address, one request per click, far
 * below the defaults
 */
@Validated
@ConfigurationProperties("node.admin")
public record AdminProperties(@Nullable String token,
		@Valid @NotNull @DefaultValue @NestedConfigurationProperty AdminRateLimitProperties rateLimit) {

	@Override
	public String toString() {
		// the token is a secret: a logged or printed record must not show it
		return "AdminProperties[token=" + ((this.token != null && !this.token.isEmpty()) ? "******" : "")
				+ ", rateLimit=" + this.rateLimit + "]";
	}

}
