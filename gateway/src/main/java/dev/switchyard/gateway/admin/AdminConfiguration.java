package dev.switchyard.gateway.admin;

import dev.switchyard.web.ratelimit.AddressRateLimiter;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the admin API's rate limiter.
 */
@Configuration(proxyBeanMethods = false)
class AdminConfiguration {

	@Bean
	AddressRateLimiter adminRateLimiter(AdminRateLimitProperties properties) {
		return new AddressRateLimiter(properties.toLimits());
	}

}
