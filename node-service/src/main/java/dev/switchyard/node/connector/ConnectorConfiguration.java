package dev.switchyard.node.connector;

import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Gives Tomcat the protocol of {@code node.connector} and says which: a log line at
 * start-up, {@code /actuator/info}'s {@code connector} and the
 * {@code node_connector{connector="nio"} 1} gauge.
 */
@Configuration(proxyBeanMethods = false)
class ConnectorConfiguration {

	private static final Log logger = LogFactory.getLog(ConnectorConfiguration.class);

	@Bean
	WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> connectorProtocolCustomizer(
			ConnectorProperties properties) {
		Connector connector = properties.connector();
		return (factory) -> {
			logger.info("Connector: " + connector.value() + " (" + connector.protocol() + ")");
			if (factory instanceof TomcatWebServerFactory tomcat) {
				tomcat.setProtocol(connector.protocol());
			}
		};
	}

	@Bean
	InfoContributor connectorInfoContributor(ConnectorProperties properties) {
		return (builder) -> builder.withDetail("connector", Map.of("name", properties.connector().value()));
	}

	@Bean
	MeterBinder connectorMetrics(ConnectorProperties properties) {
		return (registry) -> Gauge.builder("node.connector", () -> 1)
			.description("Tomcat's connector, as the connector tag")
			.tag("connector", properties.connector().value())
			.register(registry);
	}

}
