package dev.switchyard.gateway.shutdown;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ConnectionCloseWebFilter} on a real Reactor Netty server: while draining, the
 * server closes a kept-alive connection after the response.
 */
class ConnectionCloseTests {

	private final GatewayDrain drain = new GatewayDrain((event) -> {
	}, Duration.ZERO);

	private DisposableServer server;

	@AfterEach
	void stopServer() {
		if (this.server != null) {
			this.server.disposeNow();
		}
	}

	@Test
	void shouldKeepTheConnectionOpenBeforeTheDrain() throws IOException {
		startServer();

		Exchange exchange = exchange();

		assertThat(exchange.response()).startsWith("HTTP/1.1 200").doesNotContainIgnoringCase("connection: close");
		assertThat(exchange.closedByServer()).isFalse();
	}

	@Test
	void shouldCloseTheConnectionAfterTheResponseWhileDraining() throws IOException {
		startServer();
		this.drain.stop();

		Exchange exchange = exchange();

		assertThat(exchange.response()).startsWith("HTTP/1.1 200").containsIgnoringCase("connection: close");
		assertThat(exchange.closedByServer()).isTrue();
	}

	private void startServer() {
		HttpHandler handler = WebHttpHandlerBuilder.webHandler((exchange) -> exchange.getResponse().setComplete())
			.filter(new ConnectionCloseWebFilter(this.drain))
			.build();
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle(new ReactorHttpHandlerAdapter(handler))
			.bindNow();
	}

	/**
	 * One keep-alive request, its response (headers only: the handler sends no body),
	 * then whether the server closes the connection within a second.
	 */
	private Exchange exchange() throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.server.port())) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream()
				.write("GET /api/whoami HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n"
					.getBytes(StandardCharsets.US_ASCII));
			InputStream in = socket.getInputStream();
			StringBuilder response = new StringBuilder();
			while (response.indexOf("\r\n\r\n") < 0) {
				int read = in.read();
				assertThat(read).as("the response so far: %s", response).isNotEqualTo(-1);
				response.append((char) read);
			}
			socket.setSoTimeout(1000);
			try {
				return new Exchange(response.toString(), in.read() == -1);
			}
			catch (SocketTimeoutException ex) {
				return new Exchange(response.toString(), false);
			}
		}
	}

	private record Exchange(String response, boolean closedByServer) {
	}

}
