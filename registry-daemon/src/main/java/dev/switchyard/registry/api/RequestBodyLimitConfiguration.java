package dev.switchyard.registry.api;

import dev.switchyard.web.bodylimit.RequestBodyLimitFilter;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Rejects request bodies larger than {@code registry.limits.max-body-size} with a 413
 * problem, without reading them whole.
 */
@Configuration(proxyBeanMethods = false)
public class RequestBodyLimitConfiguration {

	@Bean
	RequestBodyLimitFilter requestBodyLimitFilter(LimitsProperties limits,
			@Lazy @Qualifier("handlerExceptionResolver") HandlerExceptionResolver exceptionResolver) {
		return new RequestBodyLimitFilter(limits.maxBodySize(), exceptionResolver);
	}

}
