package dev.switchyard.node.web;

import dev.switchyard.web.tomcat.ProblemDetailErrorReportCustomizer;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes Tomcat answer what it rejects itself (a malformed URI such as {@code %00} or
 * {@code %zz}, a bad request line, an oversized header) as a problem, not an HTML page.
 * And lets paths with an encoded slash or backslash ({@code %2F}, {@code %5C}) reach the
 * application still encoded, instead of Tomcat rejecting them with an HTML page: Spring
 * MVC matches each segment as a whole, so {@code ..%2F} cannot climb out of one, and the
 * controllers answer with a problem (a catalog key {@code ../etc} is a 400, any other
 * such path a 404).
 */
@Configuration(proxyBeanMethods = false)
public class EncodedPathConfiguration {

	@Bean
	ProblemDetailErrorReportCustomizer problemDetailErrorReportCustomizer(JsonMapper jsonMapper) {
		return new ProblemDetailErrorReportCustomizer(jsonMapper);
	}

	@Bean
	TomcatConnectorCustomizer encodedSlashesPassThrough() {
		return (connector) -> {
			connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
			connector.setEncodedReverseSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
		};
	}

}
