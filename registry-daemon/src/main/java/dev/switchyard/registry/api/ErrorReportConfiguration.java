package dev.switchyard.registry.api;

import tools.jackson.databind.json.JsonMapper;

import dev.switchyard.web.tomcat.ProblemDetailErrorReportCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Renders the errors Tomcat answers itself as problem details, like every other error of
 * the API.
 */
@Configuration(proxyBeanMethods = false)
class ErrorReportConfiguration {

	@Bean
	ProblemDetailErrorReportCustomizer problemDetailErrorReportCustomizer(JsonMapper jsonMapper) {
		return new ProblemDetailErrorReportCustomizer(jsonMapper);
	}

}
