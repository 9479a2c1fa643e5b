package dev.switchyard.node;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;

import com.jayway.jsonpath.JsonPath;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for the registry daemon that accepts every call and, when an instance
 * registers, records what the test asks about that instance at that moment: what the
 * gateway would find behind a freshly registered instance.
 */
final class RecordingRegistry implements AutoCloseable {

	private final HttpServer server;

	private final List<String> observations = new CopyOnWriteArrayList<>();

	/**
	 * Start the registry.
	 * @param observe called with the registering instance's port, on the registry's
	 * thread, before the registration is answered
	 */
	RecordingRegistry(IntFunction<String> observe) {
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start the recording registry", ex);
		}
		this.server.createContext("/v1/", (exchange) -> handle(exchange, observe));
		this.server.start();
	}

	/**
	 * Return the registry's URL, for {@code registry.client.urls}.
	 * @return the URL
	 */
	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/**
	 * Return what was observed at each registration.
	 * @return the observations, in order
	 */
	List<String> observations() {
		return this.observations;
	}

	private void handle(HttpExchange exchange, IntFunction<String> observe) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getPath();
			byte[] request = exchange.getRequestBody().readAllBytes();
			if ("DELETE".equals(exchange.getRequestMethod())) {
				exchange.sendResponseHeaders(204, -1);
				return;
			}
			String[] segments = path.split("/");
			String service = segments[3];
			String instanceId = segments[5];
			int port = 0;
			if ("PUT".equals(exchange.getRequestMethod()) && segments.length == 6) {
				port = JsonPath.<Integer>read(new String(request, StandardCharsets.UTF_8), "$.port");
				this.observations.add(observe.apply(port));
			}
			String now = Instant.now().toString();
			byte[] response = """
					{"service":"%s","instanceId":"%s","host":"127.0.0.1","port":%d,"status":"UP","metadata":{},
					"ttlSeconds":10,"registeredAt":"%s","lastHeartbeat":"%s"}"""
				.formatted(service, instanceId, port, now, now)
				.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, response.length);
			exchange.getResponseBody().write(response);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
