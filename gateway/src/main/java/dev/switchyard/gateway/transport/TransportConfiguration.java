package dev.switchyard.gateway.transport;

import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.netty.resources.LoopResources;

import org.springframework.beans.factory.DisposableBean;
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
 * <p>
 * On the default transport these are Reactor Netty's global loops
 * ({@link GlobalLoopResources}), as without the setting; on another, a group of the
 * gateway's own, disposed with the application context.
 */
@Configuration(proxyBeanMethods = false)
class TransportConfiguration {

	private static final Log logger = LogFactory.getLog(TransportConfiguration.class);

	@Bean
	GatewayLoops gatewayLoops(TransportProperties properties) {
		Transport transport = properties.effectiveTransport();
		TransportLoopResources global = GlobalLoopResources.get();
		GatewayLoops loops = (transport == global.transport()) ? new GatewayLoops(global, false) : new GatewayLoops(
				new TransportLoopResources(transport, LoopResources.DEFAULT_IO_WORKER_COUNT, "gateway"), true);
		logger.info("Transport: " + transport.value() + " (" + loops.resources().threads()
				+ " event loops, shared by the server and the upstream client)");
		return loops;
	}

	/**
	 * The server's loops: Boot's {@code NettyWebServer} runs the server on the
	 * {@link ReactorResourceFactory}'s loop resources when it starts, after every
	 * {@code NettyServerCustomizer}, so that is where the transport must be given. The
	 * factory does not own them: closing the context disposes them only if they are the
	 * gateway's own ({@link GatewayLoops}), never the global ones.
	 */
	@Bean
	ReactorResourceFactory reactorResourceFactory(GatewayLoops loops) {
		ReactorResourceFactory factory = new ReactorResourceFactory();
		factory.setUseGlobalResources(false);
		factory.setLoopResources(loops.resources());
		return factory;
	}

	@Bean
	HttpClientCustomizer transportHttpClientCustomizer(GatewayLoops loops) {
		return (client) -> client.runOn(loops.resources());
	}

	@Bean
	InfoContributor transportInfoContributor(GatewayLoops loops) {
		return (builder) -> builder.withDetail("transport",
				Map.of("name", loops.resources().transport().value(), "eventLoops", loops.resources().threads()));
	}

	@Bean
	MeterBinder transportMetrics(GatewayLoops loops) {
		return (registry) -> Gauge.builder("gateway.transport", () -> 1)
			.description("The transport of the server and the upstream client, as the transport tag")
			.tag("transport", loops.resources().transport().value())
			.register(registry);
	}

	/**
	 * The loops of the server and the upstream client, and whether the context owns them.
	 *
	 * @param resources the loops
	 * @param owned whether to dispose them with the context
	 */
	record GatewayLoops(TransportLoopResources resources, boolean owned) implements DisposableBean {

		@Override
		public void destroy() {
			if (this.owned) {
				this.resources.dispose();
			}
		}

	}

}
