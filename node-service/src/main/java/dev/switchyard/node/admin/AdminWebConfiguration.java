package dev.switchyard.node.admin;

import dev.switchyard.web.ratelimit.AddressRateLimiter;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Puts every {@code /admin} endpoint of the node behind the admin token and the rate
 * limits per client address.
 */
@Configuration(proxyBeanMethods = false)
public class AdminWebConfiguration implements WebMvcConfigurer {

	private final AdminProperties properties;

	private final AddressRateLimiter rateLimiter;

	AdminWebConfiguration(AdminProperties properties, AdminRateLimitProperties rateLimits) {
		this.properties = properties;
		this.rateLimiter = new AddressRateLimiter(rateLimits.toLimits());
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new AdminTokenInterceptor(this.properties, this.rateLimiter))
			.addPathPatterns("/admin/**");
	}

}
