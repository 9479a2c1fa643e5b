package dev.switchyard.registry.health;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchyard.registry.health.ProbeResult.Outcome;
import dev.switchyard.registry.instance.Instance;
import dev.switchyard.registry.instance.InstanceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HttpHealthProbeTests {

	private final CountDownLatch release = new CountDownLatch(1);

	private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

	private final HttpHealthProbe probe = new HttpHealthProbe(Duration.ofSeconds(2), "/actuator/health");

	private HttpServer server;

	@BeforeEach
	void startServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.setExecutor(this.executor);
		this.server.createContext("/actuator/health", (exchange) -> respond(exchange, 200));
		this.server.createContext("/broken", (exchange) -> respond(exchange, 503));
		this.server.createContext("/slow", (exchange) -> {
			try {
				this.release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			respond(exchange, 200);
		});
		this.server.start();
	}

	@AfterEach
	void stopServer() {
		this.release.countDown();
		this.server.stop(0);
		this.probe.close();
		this.executor.shutdownNow();
	}

	@Test
	void shouldPassOn2xx() {
		ProbeResult result = this.probe.probe(instance(this.server.getAddress().getPort(), Map.of()));

		assertThat(result.outcome()).isEqualTo(Outcome.PASSING);
	}

	@Test
	void shouldFailOnOtherStatus() {
		ProbeResult result = this.probe
			.probe(instance(this.server.getAddress().getPort(), Map.of("healthPath", "/broken")));

		assertThat(result.outcome()).isEqualTo(Outcome.FAILING);
		assertThat(result.description()).contains("503");
	}

	@Test
	void shouldFailWhenAnswerTakesLongerThanTimeout() {
		ProbeResult result = this.probe
			.probe(instance(this.server.getAddress().getPort(), Map.of("healthPath", "/slow")));

		assertThat(result.outcome()).isEqualTo(Outcome.FAILING);
		assertThat(result.description()).contains("timed out");
	}

	@Test
	void shouldReportRefusedConnectionWhenNothingListens() throws IOException {
		int port = unusedPort();

		ProbeResult result = this.probe.probe(instance(port, Map.of()));

		assertThat(result.outcome()).isEqualTo(Outcome.REFUSED);
	}

	private static Instance instance(int port, Map<String, String> metadata) {
		Instant now = Instant.now();
		return new Instance("orders", "node-1", "127.0.0.1", port, InstanceStatus.UP, metadata, 10, now, now);
	}

	private static int unusedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private static void respond(HttpExchange exchange, int status) throws IOException {
		byte[] body = "{\"status\":\"UP\"}".getBytes();
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, body.length);
		exchange.getResponseBody().write(body);
		exchange.close();
	}

}
