package dev.switchyard.gateway.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;

import io.netty.channel.uring.IoUring;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.switchyard.gateway.FakeNode;
import dev.switchyard.gateway.FakeRegistry.Instance;
import dev.switchyard.gateway.GatewayApplication;
import dev.switchyard.gateway.TestCluster;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class TransportTests {

	@ParameterizedTest
	@EnumSource(Transport.class)
	void shouldServeAndProxyOnEachTransport(Transport transport) throws IOException {
		if (transport == Transport.IO_URING) {
			assumeTrue(IoUring.isAvailable(),
					() -> "io_uring is refused here (" + IoUring.unavailabilityCause() + "): not tested");
		}
		TestCluster cluster = TestCluster.get();
		FakeNode node = cluster.node("transport-node");
		try (ConfigurableApplicationContext gateway = start(transport)) {
			int port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
			WebTestClient client = WebTestClient.bindToServer()
				.responseTimeout(Duration.ofSeconds(30))
				.baseUrl("http://127.0.0.1:" + port)
				.build();
			cluster.register(client, Instance.up(node));
			int before = node.received();

			client.get().uri("/api/whoami").exchange().expectStatus().isOk();

			assertThat(node.received()).isEqualTo(before + 1);
			client.get()
				.uri("/actuator/info")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.transport.name")
				.isEqualTo(transport.value());
			assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
				.anyMatch((name) -> name.startsWith("gateway-" + transport.value().replace('_', '-')));
			// SO_REUSEPORT is set with the transport's own option, the others' being
			// ignored
			try (ServerSocketChannel successor = ServerSocketChannel.open()) {
				successor.setOption(StandardSocketOptions.SO_REUSEPORT, true);
				successor.bind(new InetSocketAddress("127.0.0.1", port));
				assertThat(((InetSocketAddress) successor.getLocalAddress()).getPort()).isEqualTo(port);
			}
		}
	}

	private static ConfigurableApplicationContext start(Transport transport) {
		// arguments, not default properties, which application.yml would override
		return new SpringApplicationBuilder(GatewayApplication.class).initializers(new TestCluster.Initializer())
			.run("--server.port=0", "--server.address=127.0.0.1", "--gateway.transport=" + transport.value(),
					"--management.endpoints.web.exposure.include=health,info");
	}

}
