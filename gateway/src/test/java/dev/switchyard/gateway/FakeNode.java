package dev.switchyard.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * A node for tests: answers any request with its instance id, the method and the body it
 * received, with the status it is told to answer.
 */
public final class FakeNode implements AutoCloseable {

	private final String instanceId;

	private final HttpServer server;

	private final JsonMapper json = JsonMapper.builder().build();

	private final AtomicInteger status = new AtomicInteger(200);

	private final AtomicInteger received = new AtomicInteger();

	private final AtomicLong delayMillis = new AtomicLong();

	private FakeNode(String instanceId, HttpServer server) {
		this.instanceId = instanceId;
		this.server = server;
	}

	/**
	 * Start a node on a free loopback port.
	 * @param instanceId the node's instance id
	 * @return the started node
	 * @throws IOException if no port can be bound
	 */
	public static FakeNode start(String instanceId) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		FakeNode node = new FakeNode(instanceId, server);
		server.createContext("/", node::handle);
		server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		server.start();
		return node;
	}

	/**
	 * Return a loopback port nothing listens on.
	 * @return the port
	 * @throws IOException if no port can be bound
	 */
	public static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	public String instanceId() {
		return this.instanceId;
	}

	public int port() {
		return this.server.getAddress().getPort();
	}

	/**
	 * Make the node answer every request with a status.
	 * @param status the status
	 */
	public void answer(int status) {
		this.status.set(status);
	}

	/**
	 * Make the node wait before it answers.
	 * @param delay the wait, zero for none
	 */
	public void delay(Duration delay) {
		this.delayMillis.set(delay.toMillis());
	}

	/**
	 * Return how many requests the node has received.
	 * @return the requests received
	 */
	public int received() {
		return this.received.get();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange; InputStream in = exchange.getRequestBody()) {
			this.received.incrementAndGet();
			String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			sleep(this.delayMillis.get());
			Map<String, Object> answer = new LinkedHashMap<>();
			answer.put("instanceId", this.instanceId);
			answer.put("method", exchange.getRequestMethod());
			answer.put("path", exchange.getRequestURI().getPath());
			answer.put("body", body);
			byte[] bytes = this.json.writeValueAsBytes(answer);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.getResponseHeaders().set("X-Instance-Id", this.instanceId);
			exchange.sendResponseHeaders(this.status.get(), bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
	}

	private static void sleep(long millis) {
		if (millis > 0) {
			try {
				Thread.sleep(millis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
