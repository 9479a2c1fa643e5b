package dev.switchyard.registry.security;

import dev.switchyard.web.security.BearerTokenAuthenticator;
import dev.switchyard.web.security.BearerTokenInterceptor;
import dev.switchyard.web.security.ProtectedRequests;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Puts every write under {@code /v1/**} (every method but {@code GET}, {@code HEAD} and
 * {@code OPTIONS}), however its path is spelled, behind the registry's token and the rate
 * limits per client address; a new write endpoint under {@code /v1} is protected without
 * being named here.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration implements WebMvcConfigurer {

	private static final ProtectedRequests WRITES = ProtectedRequests.paths("/v1/**")
		.exceptMethods(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

	private final BearerTokenInterceptor interceptor;

	public SecurityConfiguration(RegistrySecurityProperties properties) {
		this.interceptor = new BearerTokenInterceptor(new BearerTokenAuthenticator(properties.token(),
				"registry.security.token (REGISTRY_TOKEN)", "registry", properties.rateLimit()));
	}

	@Bean
	ProtectedRequests protectedWrites() {
		return WRITES;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		this.interceptor.register(registry, WRITES);
	}

}
