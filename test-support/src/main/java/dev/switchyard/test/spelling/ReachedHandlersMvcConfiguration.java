package dev.switchyard.test.spelling;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Puts the probe of reached handlers in a Spring MVC application under test, as its last
 * interceptor.
 */
@Configuration(proxyBeanMethods = false)
public class ReachedHandlersMvcConfiguration implements WebMvcConfigurer {

	private final ReachedHandlers reached = new ReachedHandlers();

	@Bean
	ReachedHandlers reachedHandlers() {
		return this.reached;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new ReachedHandlersInterceptor(this.reached)).order(Ordered.LOWEST_PRECEDENCE);
	}

}
