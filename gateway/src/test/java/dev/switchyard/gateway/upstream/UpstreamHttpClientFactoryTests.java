package dev.switchyard.gateway.upstream;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.config.HttpClientSslConfigurer;

import static org.assertj.core.api.Assertions.assertThat;

class UpstreamHttpClientFactoryTests {

	@Test
	void shouldKeepAPoolPerEventLoopByDefault() {
		ConnectionProvider pool = factory(new UpstreamProperties(true, Duration.ofMinutes(1), Duration.ofSeconds(30)))
			.buildConnectionProvider(properties());

		assertThat(pool).isInstanceOf(EventLoopConnectionProvider.class);
		pool.dispose();
	}

	@Test
	void shouldKeepSpringCloudGatewaysSinglePoolWhenToldTo() {
		ConnectionProvider pool = factory(new UpstreamProperties(false, Duration.ofMinutes(1), Duration.ofSeconds(30)))
			.buildConnectionProvider(properties());

		assertThat(pool).isNotInstanceOf(EventLoopConnectionProvider.class);
		assertThat(pool.name()).isEqualTo(properties().getPool().getName());
		pool.dispose();
	}

	@Test
	void shouldDisposeThePoolsOfAddressesNoLongerUsed() throws Exception {
		ConnectionProvider pool = factory(new UpstreamProperties(false, Duration.ofSeconds(42), Duration.ofSeconds(30)))
			.buildConnectionProvider(properties());

		ConnectionProvider.Builder settings = pool.mutate();

		assertThat(settings).extracting("poolInactivity").isEqualTo(Duration.ofSeconds(42));
		assertThat(settings).extracting("inactivePoolDisposeInterval").isEqualTo(Duration.ofSeconds(42));
		pool.dispose();
	}

	@Test
	void shouldKeepThePoolsOfAddressesWhenToldTo() throws Exception {
		ConnectionProvider pool = factory(new UpstreamProperties(false, Duration.ZERO, Duration.ofSeconds(30)))
			.buildConnectionProvider(properties());

		assertThat(pool.mutate()).extracting("poolInactivity").isNotEqualTo(Duration.ofMinutes(1));
		pool.dispose();
	}

	@Test
	void shouldTimeTheResponseOnTheConnectionsEventLoop() throws Exception {
		UpstreamHttpClientFactory factory = factory(
				new UpstreamProperties(true, Duration.ofMinutes(1), Duration.ofMillis(1500)));
		HttpClient client = factory.createInstance();

		assertThat(client.configuration().responseTimeout()).isEqualTo(Duration.ofMillis(1500));
		client.configuration().connectionProvider().dispose();
	}

	@Test
	void shouldWaitForEverWhenTheResponseTimeoutIsZero() throws Exception {
		HttpClient client = factory(new UpstreamProperties(true, Duration.ofMinutes(1), Duration.ZERO))
			.createInstance();

		assertThat(client.configuration().responseTimeout()).isNull();
		client.configuration().connectionProvider().dispose();
	}

	private static UpstreamHttpClientFactory factory(UpstreamProperties upstream) {
		HttpClientProperties properties = properties();
		ServerProperties server = new ServerProperties();
		return new UpstreamHttpClientFactory(properties, server,
				new HttpClientSslConfigurer(properties.getSsl(), server, null), List.of(), upstream);
	}

	private static HttpClientProperties properties() {
		return new HttpClientProperties();
	}

}
