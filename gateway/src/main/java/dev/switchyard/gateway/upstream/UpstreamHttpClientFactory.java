package dev.switchyard.gateway.upstream;

import java.util.List;

import reactor.netty.resources.ConnectionProvider;

import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.cloud.gateway.config.HttpClientFactory;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.config.HttpClientSslConfigurer;

/**
 * Spring Cloud Gateway's HTTP client as configured by
 * {@code spring.cloud.gateway.server.webflux.httpclient.*}, with the configured pool kept
 * once per event loop ({@link EventLoopConnectionProvider}).
 */
public class UpstreamHttpClientFactory extends HttpClientFactory {

	/**
	 * Create the factory.
	 * @param properties the client's configuration
	 * @param serverProperties the server's, for HTTP/2
	 * @param sslConfigurer the TLS configuration
	 * @param customizers further customizations of the client
	 */
	public UpstreamHttpClientFactory(HttpClientProperties properties, ServerProperties serverProperties,
			HttpClientSslConfigurer sslConfigurer, List<HttpClientCustomizer> customizers) {
		super(properties, serverProperties, sslConfigurer, customizers);
	}

	@Override
	protected ConnectionProvider buildConnectionProvider(HttpClientProperties properties) {
		return new EventLoopConnectionProvider(super.buildConnectionProvider(properties));
	}

}
