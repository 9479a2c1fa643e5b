package dev.switchyard.gateway.upstream;

import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.cloud.gateway.config.HttpClientProperties;

import static org.assertj.core.api.Assertions.assertThat;

class UpstreamHttpClientFactoryTests {

	@Test
	void shouldKeepAPoolPerEventLoopByDefault() {
		ConnectionProvider pool = factory(new UpstreamProperties(true)).buildConnectionProvider(properties());

		assertThat(pool).isInstanceOf(EventLoopConnectionProvider.class);
		pool.dispose();
	}

	@Test
	void shouldKeepSpringCloudGatewaysSinglePoolWhenToldTo() {
		ConnectionProvider pool = factory(new UpstreamProperties(false)).buildConnectionProvider(properties());

		assertThat(pool).isNotInstanceOf(EventLoopConnectionProvider.class);
		assertThat(pool.name()).isEqualTo(properties().getPool().getName());
		pool.dispose();
	}

	private static UpstreamHttpClientFactory factory(UpstreamProperties upstream) {
		return new UpstreamHttpClientFactory(properties(), new ServerProperties(), null, List.of(), upstream);
	}

	private static HttpClientProperties properties() {
		return new HttpClientProperties();
	}

}
