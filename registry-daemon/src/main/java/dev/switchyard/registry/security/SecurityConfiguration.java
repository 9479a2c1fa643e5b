package dev.switchyard.registry.security;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Puts the {@link BearerTokenInterceptor} in front of the {@code /v1} API.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration implements WebMvcConfigurer {

	private final RegistrySecurityProperties properties;

	public SecurityConfiguration(RegistrySecurityProperties properties) {
		this.properties = properties;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new BearerTokenInterceptor(this.properties.token())).addPathPatterns("/v1/**");
	}

}
