package dev.switchyard.gateway.shutdown;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;

import org.junit.jupiter.api.Test;

import dev.switchyard.gateway.GatewayTest;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@GatewayTest
class ReusePortTests {

	@LocalServerPort
	private int port;

	@Test
	void shouldLetASuccessorBindTheSamePortWithSoReusePort() throws IOException {
		try (ServerSocketChannel successor = ServerSocketChannel.open()) {
			successor.setOption(StandardSocketOptions.SO_REUSEPORT, true);

			successor.bind(new InetSocketAddress(this.port));

			assertThat(((InetSocketAddress) successor.getLocalAddress()).getPort()).isEqualTo(this.port);
		}
	}

	@Test
	void shouldStillRefuseAProcessThatDoesNotAskToShareThePort() throws IOException {
		try (ServerSocketChannel intruder = ServerSocketChannel.open()) {

			assertThatExceptionOfType(BindException.class)
				.isThrownBy(() -> intruder.bind(new InetSocketAddress(this.port)));
		}
	}

}
