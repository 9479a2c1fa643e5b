package dev.switchyard.gateway.upstream;

import java.util.List;

import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.cloud.gateway.config.HttpClientFactory;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.config.HttpClientSslConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Replaces Spring Cloud Gateway's HTTP client factory with one that keeps a connection
 * pool per event loop.
 */
@Configuration(proxyBeanMethods = false)
class UpstreamConfiguration {

	@Bean
	HttpClientFactory gatewayHttpClientFactory(HttpClientProperties properties, ServerProperties serverProperties,
			List<HttpClientCustomizer> customizers, HttpClientSslConfigurer sslConfigurer,
			UpstreamProperties upstream) {
		return new UpstreamHttpClientFactory(properties, serverProperties, sslConfigurer, customizers, upstream);
	}

}
