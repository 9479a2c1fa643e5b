package dev.switchyard.gateway.web;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the problem+json error handler and the balancer's response headers.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

	@Bean
	ProblemDetailErrorWebExceptionHandler problemDetailErrorWebExceptionHandler(JsonMapper jsonMapper) {
		return new ProblemDetailErrorWebExceptionHandler(jsonMapper);
	}

	@Bean
	LoadBalancerResponseHeadersFilter loadBalancerResponseHeadersFilter() {
		return new LoadBalancerResponseHeadersFilter();
	}

}
