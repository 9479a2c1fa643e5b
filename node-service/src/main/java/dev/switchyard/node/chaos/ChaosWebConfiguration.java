package dev.switchyard.node.chaos;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Applies the chaos in force to every {@code /api} request, and to nothing else: the
 * actuator and {@code /admin} stay reachable on a failing node.
 */
@Configuration(proxyBeanMethods = false)
public class ChaosWebConfiguration implements WebMvcConfigurer {

	private final ChaosMonkey monkey;

	ChaosWebConfiguration(ChaosMonkey monkey) {
		this.monkey = monkey;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new HandlerInterceptor() {

			@Override
			public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
					throws InterruptedException {
				ChaosWebConfiguration.this.monkey.strike();
				return true;
			}

		}).addPathPatterns("/api/**");
	}

}
