package dev.switchyard.gateway.transport;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.netty.resources.LoopResources;

import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

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

	/**
	 * The server's loops: Boot's {@code NettyWebServer} runs the server on the
	 * {@link ReactorResourceFactory}'s loop resources when it starts, after every
	 * {@code NettyServerCustomizer}, so that is where the transport must be given. Left
	 * to Reactor Netty's global resources, the server would run on io_uring whenever its
	 * classes are present, whatever {@code gateway.transport} says.
	 */
	@Bean
	ReactorResourceFactory reactorResourceFactory(TransportLoopResources loops) {
		ReactorResourceFactory factory = new ReactorResourceFactory();
		factory.setUseGlobalResources(false);
		factory.setLoopResources(loops);
		return factory;
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
