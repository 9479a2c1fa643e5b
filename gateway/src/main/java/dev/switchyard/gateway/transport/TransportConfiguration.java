package dev.switchyard.gateway.transport;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.netty.resources.LoopResources;

import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Runs the server and Spring Cloud Gateway's upstream client on the event loops of
 * {@code gateway.transport}, and says which: a log line at start-up,
 * {@code /actuator/info}'s {@code transport} and the
 * {@code gateway_transport{transport="epoll"} 1} gauge.
 */
@Configuration(proxyBeanMethods = false)
class TransportConfiguration {

	private static final Log logger = LogFactory.getLog(TransportConfiguration.class);

	@Bean(destroyMethod = "dispose")
	TransportLoopResources transportLoopResources(TransportProperties properties) {
		TransportLoopResources resources = new TransportLoopResources(properties.transport(),
				LoopResources.DEFAULT_IO_WORKER_COUNT);
		logger.info("Transport: " + resources.transport().value() + " (" + resources.threads()
				+ " event loops, shared by the server and the upstream client)");
		return resources;
	}

	@Bean
	NettyServerCustomizer transportServerCustomizer(TransportLoopResources loops) {
		return (server) -> server.runOn(loops);
	}

	@Bean
	HttpClientCustomizer transportHttpClientCustomizer(TransportLoopResources loops) {
		return (client) -> client.runOn(loops);
	}

	@Bean
	InfoContributor transportInfoContributor(TransportLoopResources loops) {
		return (builder) -> builder.withDetail("transport",
				java.util.Map.of("name", loops.transport().value(), "eventLoops", loops.threads()));
	}

	@Bean
	MeterBinder transportMetrics(TransportLoopResources loops) {
		return (registry) -> Gauge.builder("gateway.transport", () -> 1)
			.description("The transport of the server and the upstream client, as the transport tag")
			.tag("transport", loops.transport().value())
			.register(registry);
	}

}
