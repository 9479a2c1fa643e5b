package dev.switchyard.gateway.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.channel.Channel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClient;

import dev.switchyard.gateway.FakeNode;
import dev.switchyard.gateway.FakeRegistry.Instance;
import dev.switchyard.gateway.GatewayApplication;
import dev.switchyard.gateway.TestCluster;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which transport the server and the upstream client really run on, told by the channels
 * of a proxied request: the client's connection to the gateway as the server accepted it,
 * and the gateway's connection to the instance.
 */
class TransportTests {

	private final TestCluster cluster = TestCluster.get();

	@Test
	void shouldRunTheServerAndTheUpstreamClientOnEpollByDefault() throws IOException {
		assertThat(Epoll.isAvailable()).as("epoll on this machine: %s", Epoll.unavailabilityCause()).isTrue();
		assertThat(IoUring.isAvailable())
			.as("io_uring on this machine (its classes are on the class path): %s", IoUring.unavailabilityCause())
			.isTrue();
		FakeNode node = this.cluster.node("transport-node");
		ChannelProbe probe = new ChannelProbe();
		try (ConfigurableApplicationContext gateway = start(null, probe)) {
			Proxied proxied = proxy(gateway, probe, node);

			assertThat(proxied.server()).isInstanceOf(io.netty.channel.epoll.EpollSocketChannel.class);
			assertThat(proxied.upstream()).isInstanceOf(io.netty.channel.epoll.EpollSocketChannel.class);
			assertThat(proxied.upstream().eventLoop().parent()).isSameAs(proxied.server().eventLoop().parent());
			assertThat(proxied.info()).isEqualTo("epoll");
			assertThat(proxied.gauge()).contains("transport=\"epoll\"");
			assertReusesPortWithTheTransportsOption(gateway);
		}
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void shouldRunTheServerAndTheUpstreamClientOnTheTransportAskedFor(Transport transport) throws IOException {
		assertThat(transport.isAvailable()).as("%s on this machine", transport.value()).isTrue();
		FakeNode node = this.cluster.node("transport-node");
		ChannelProbe probe = new ChannelProbe();
		try (ConfigurableApplicationContext gateway = start(transport, probe)) {
			Proxied proxied = proxy(gateway, probe, node);

			assertThat(Transport.of(proxied.server())).isEqualTo(transport);
			assertThat(Transport.of(proxied.upstream())).isEqualTo(transport);
			// one group of event loops for both
			assertThat(proxied.upstream().eventLoop().parent()).isSameAs(proxied.server().eventLoop().parent());
			assertThat(proxied.info()).isEqualTo(transport.value());
			assertThat(proxied.gauge()).contains("transport=\"" + transport.value() + "\"");
			assertReusesPortWithTheTransportsOption(gateway);
		}
	}

	@Test
	void shouldNeverPutReactorNettysOwnClientsOnIoUringImplicitly() throws IOException {
		FakeNode node = this.cluster.node("transport-node");
		ChannelProbe probe = new ChannelProbe();
		try (ConfigurableApplicationContext gateway = start(Transport.IO_URING, probe)) {
			proxy(gateway, probe, node);

			// what HttpClient.create() (WebClient.create(), a default WebTestClient) runs
			// on
			Channel channel = HttpClient.create()
				.get()
				.uri("http://127.0.0.1:" + port(gateway) + "/actuator/health")
				.responseConnection((response, connection) -> Mono.just(connection.channel()))
				.blockLast(Duration.ofSeconds(10));

			assertThat(Transport.of(channel)).isEqualTo(Transport.EPOLL);
		}
	}

	@Test
	void shouldKeepServingWhenAnotherGatewayOnTheSameLoopsStops() throws IOException {
		FakeNode node = this.cluster.node("transport-node");
		ChannelProbe probe = new ChannelProbe();
		try (ConfigurableApplicationContext gateway = start(null, probe)) {
			proxy(gateway, probe, node);
			ChannelProbe otherProbe = new ChannelProbe();
			try (ConfigurableApplicationContext other = start(null, otherProbe)) {
				proxy(other, otherProbe, node);
			}
			try (ConfigurableApplicationContext other = start(Transport.IO_URING, otherProbe)) {
				proxy(other, otherProbe, node);
			}

			Proxied proxied = proxy(gateway, probe, node);

			assertThat(proxied.server().isActive()).isTrue();
			assertThat(Transport.of(proxied.upstream())).isEqualTo(Transport.EPOLL);
		}
	}

	private Proxied proxy(ConfigurableApplicationContext gateway, ChannelProbe probe, FakeNode node) {
		WebTestClient client = WebTestClient.bindToServer()
			.responseTimeout(Duration.ofSeconds(30))
			.baseUrl("http://127.0.0.1:" + port(gateway))
			.build();
		this.cluster.register(client, Instance.up(node));
		int before = node.received();
		probe.clear();

		client.get().uri("/api/whoami").exchange().expectStatus().isOk();

		assertThat(node.received()).isEqualTo(before + 1);
		Map<?, ?> info = client.get()
			.uri("/actuator/info")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		String gauge = client.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody()
			.lines()
			.filter((line) -> line.startsWith("gateway_transport{"))
			.findFirst()
			.orElseThrow();
		assertThat(gauge).endsWith(" 1.0");
		return new Proxied(probe.server("/api/whoami"), probe.upstream("/api/whoami"),
				(String) ((Map<?, ?>) info.get("transport")).get("name"), gauge);
	}

	/**
	 * {@code SO_REUSEPORT} is set with the transport's own option, the others' being
	 * ignored: a successor can bind the port.
	 */
	private static void assertReusesPortWithTheTransportsOption(ConfigurableApplicationContext gateway)
			throws IOException {
		int port = port(gateway);
		try (ServerSocketChannel successor = ServerSocketChannel.open()) {
			successor.setOption(StandardSocketOptions.SO_REUSEPORT, true);
			successor.bind(new InetSocketAddress("127.0.0.1", port));
			assertThat(((InetSocketAddress) successor.getLocalAddress()).getPort()).isEqualTo(port);
		}
	}

	private static int port(ConfigurableApplicationContext gateway) {
		return ((WebServerApplicationContext) gateway).getWebServer().getPort();
	}

	private static ConfigurableApplicationContext start(@Nullable Transport transport, ChannelProbe probe) {
		List<String> args = new ArrayList<>(
				List.of("--server.port=0", "--server.address=127.0.0.1", "--gateway.shutdown.drain-window=0s",
						"--management.endpoints.web.exposure.include=health,info,prometheus"));
		if (transport != null) {
			args.add("--gateway.transport=" + transport.value());
		}
		// arguments, not default properties, which application.yml would override
		return new SpringApplicationBuilder(GatewayApplication.class)
			.initializers(new TestCluster.Initializer(),
					(context) -> context.getBeanFactory().registerSingleton("channelProbe", probe))
			.run(args.toArray(String[]::new));
	}

	record Proxied(Channel server, Channel upstream, String info, String gauge) {

	}

	/**
	 * Notes the channel a request came in on (a web filter, first of all) and the
	 * connection the gateway sent it to the instance over (a customizer of the upstream
	 * client).
	 */
	static final class ChannelProbe implements WebFilter, HttpClientCustomizer, Ordered {

		private final Map<String, Channel> servers = new ConcurrentHashMap<>();

		private final Map<String, Channel> upstreams = new ConcurrentHashMap<>();

		@Override
		public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
			Object request = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
			this.servers.put(exchange.getRequest().getPath().value(), ((Connection) request).channel());
			return chain.filter(exchange);
		}

		@Override
		public HttpClient customize(HttpClient client) {
			return client
				.doOnRequest((request, connection) -> this.upstreams.put(request.fullPath(), connection.channel()));
		}

		@Override
		public int getOrder() {
			return Ordered.HIGHEST_PRECEDENCE;
		}

		void clear() {
			this.servers.clear();
			this.upstreams.clear();
		}

		Channel server(String path) {
			Channel channel = this.servers.get(path);
			assertThat(channel).as("the server's channel of %s", path).isNotNull();
			return channel;
		}

		Channel upstream(String path) {
			Channel channel = this.upstreams.get(path);
			assertThat(channel).as("the upstream connection of %s", path).isNotNull();
			return channel;
		}

	}

}
