package dev.switchyard.gateway.shutdown;

import dev.switchyard.gateway.transport.TransportProperties;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The hitless stop's parts: the drain, the {@code Connection: close} filter and the
 * shared port.
 */
@Configuration(proxyBeanMethods = false)
class ShutdownConfiguration {

	@Bean
	GatewayDrain gatewayDrain(ApplicationEventPublisher publisher, ShutdownProperties properties) {
		return new GatewayDrain(publisher, properties.drainWindow());
	}

	@Bean
	ConnectionCloseWebFilter connectionCloseWebFilter(GatewayDrain gatewayDrain) {
		return new ConnectionCloseWebFilter(gatewayDrain);
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "gateway.shutdown.reuse-port", matchIfMissing = true)
	ReusePortCustomizer reusePortCustomizer(TransportProperties transport) {
		return new ReusePortCustomizer(transport.effectiveTransport());
	}

}
