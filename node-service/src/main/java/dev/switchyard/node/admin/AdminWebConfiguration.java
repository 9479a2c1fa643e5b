package dev.switchyard.node.admin;

import dev.switchyard.web.security.BearerTokenAuthenticator;
import dev.switchyard.web.security.BearerTokenInterceptor;
import dev.switchyard.web.security.ProtectedRequests;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Puts every request to the node's {@code /admin/**}, whatever its method and however its
 * path is spelled, behind the admin token and the rate limits per client address (the
 * peer's: the node trusts no forwarded address).
 */
@Configuration(proxyBeanMethods = false)
public class AdminWebConfiguration implements WebMvcConfigurer {

	private static final ProtectedRequests ADMIN_REQUESTS = ProtectedRequests.paths("/admin/**");

	private final BearerTokenInterceptor interceptor;

	AdminWebConfiguration(AdminProperties properties) {
		this.interceptor = new BearerTokenInterceptor(new BearerTokenAuthenticator(properties.token(),
				"node.admin.token (ADMIN_TOKEN)", "switchyard-node", properties.rateLimit()));
	}

	@Bean
	ProtectedRequests adminRequests() {
		return ADMIN_REQUESTS;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		this.interceptor.register(registry, ADMIN_REQUESTS);
	}

}
