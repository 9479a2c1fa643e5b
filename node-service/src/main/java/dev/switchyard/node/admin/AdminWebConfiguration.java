package dev.switchyard.node.admin;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Puts every {@code /admin} endpoint of the node behind the admin token.
 */
@Configuration(proxyBeanMethods = false)
public class AdminWebConfiguration implements WebMvcConfigurer {

	private final AdminProperties properties;

	AdminWebConfiguration(AdminProperties properties) {
		this.properties = properties;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new AdminTokenInterceptor(this.properties)).addPathPatterns("/admin/**");
	}

}
