package dev.switchyard.gateway.upstream;

import java.time.Duration;
import java.util.List;

import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.cloud.gateway.config.HttpClientFactory;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.config.HttpClientSslConfigurer;

/**
 * Spring Cloud Gateway's HTTP client as configured by
 * {@code spring.cloud.gateway.server.webflux.httpclient.*}, with the configured pool kept
 * once per event loop ({@link EventLoopConnectionProvider}) unless
 * {@code gateway.upstream.pool-per-event-loop} is off, and the pool of an address unused
 * for {@code gateway.upstream.dispose-inactive-pools-after} disposed, and
 * {@code gateway.upstream.response-timeout} timed on each connection's event loop.
 */
public class UpstreamHttpClientFactory extends HttpClientFactory {

	private final UpstreamProperties upstream;

	/**
	 * Create the factory.
	 * @param properties the client's configuration
	 * @param serverProperties the server's, for HTTP/2
	 * @param sslConfigurer the TLS configuration
	 * @param customizers further customizations of the client
	 * @param upstream whether each event loop keeps its own pool
	 */
	public UpstreamHttpClientFactory(HttpClientProperties properties, ServerProperties serverProperties,
			HttpClientSslConfigurer sslConfigurer, List<HttpClientCustomizer> customizers,
			UpstreamProperties upstream) {
		super(properties, serverProperties, sslConfigurer, customizers);
		this.upstream = upstream;
	}

	@Override
	protected HttpClient createInstance() {
		HttpClient client = super.createInstance();
		Duration timeout = this.upstream.responseTimeout();
		return (timeout.isZero() || timeout.isNegative()) ? client : client.responseTimeout(timeout);
	}

	@Override
	protected ConnectionProvider buildConnectionProvider(HttpClientProperties properties) {
		ConnectionProvider pool = withInactivePoolsDisposed(super.buildConnectionProvider(properties));
		return this.upstream.poolPerEventLoop() ? new EventLoopConnectionProvider(pool) : pool;
	}

	private ConnectionProvider withInactivePoolsDisposed(ConnectionProvider pool) {
		Duration after = this.upstream.disposeInactivePoolsAfter();
		ConnectionProvider.Builder builder = pool.mutate();
		if (builder == null || after.isZero() || after.isNegative()) {
			return pool;
		}
		// not used yet: it holds no connection
		pool.dispose();
		return builder.disposeInactivePoolsInBackground(after, after).build();
	}

}
