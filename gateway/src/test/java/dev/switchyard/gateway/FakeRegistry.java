package dev.switchyard.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * A registry daemon for tests: answers {@code GET /v1/services/{service}} with the
 * contract's JSON, holding blocking queries until the index moves or a short wait ends.
 */
public final class FakeRegistry implements AutoCloseable {

	private static final long MAX_HOLD_MILLIS = 2000;

	private final HttpServer server;

	private final JsonMapper json = JsonMapper.builder().build();

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	private final Map<String, List<Map<String, Object>>> services = new LinkedHashMap<>();

	private long index = 1;

	private FakeRegistry(HttpServer server) {
		this.server = server;
	}

	/**
	 * Start a registry on a free loopback port.
	 * @return the started registry
	 * @throws IOException if no port can be bound
	 */
	public static FakeRegistry start() throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		FakeRegistry registry = new FakeRegistry(server);
		server.createContext("/v1/services/", registry::handle);
		server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		server.start();
		return registry;
	}

	/**
	 * Return the registry's URL.
	 * @return the URL
	 */
	public URI url() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
	}

	/**
	 * Replace the instances of a service.
	 * @param service the service
	 * @param instances its instances
	 */
	public void set(String service, Instance... instances) {
		List<Map<String, Object>> entries = new ArrayList<>();
		String now = Instant.now().toString();
		for (Instance instance : instances) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("service", service);
			entry.put("instanceId", instance.instanceId());
			entry.put("host", "127.0.0.1");
			entry.put("port", instance.port());
			entry.put("status", instance.status());
			entry.put("metadata", Map.of("weight", String.valueOf(instance.weight())));
			entry.put("ttlSeconds", 10);
			entry.put("registeredAt", now);
			entry.put("lastHeartbeat", now);
			entries.add(entry);
		}
		this.lock.lock();
		try {
			this.services.put(service, entries);
			this.index++;
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String service = exchange.getRequestURI().getPath().substring("/v1/services/".length());
			long after = queryIndex(exchange.getRequestURI().getRawQuery());
			Map<String, Object> body = new LinkedHashMap<>();
			this.lock.lock();
			try {
				long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_HOLD_MILLIS);
				while (after > 0 && this.index <= after) {
					long left = deadline - System.nanoTime();
					if (left <= 0) {
						break;
					}
					this.changed.awaitNanos(left);
				}
				body.put("service", service);
				body.put("index", this.index);
				body.put("instances", this.services.getOrDefault(service, List.of()));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			finally {
				this.lock.unlock();
			}
			byte[] bytes = this.json.writeValueAsBytes(body);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.getResponseHeaders().set("X-Registry-Index", String.valueOf(body.get("index")));
			exchange.sendResponseHeaders(200, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
	}

	private static long queryIndex(String query) {
		if (query == null) {
			return 0;
		}
		for (String pair : query.split("&")) {
			if (pair.startsWith("index=")) {
				return Long.parseLong(new String(pair.substring(6).getBytes(StandardCharsets.US_ASCII)));
			}
		}
		return 0;
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	/**
	 * An instance as registered.
	 *
	 * @param instanceId the instance id
	 * @param port the port on 127.0.0.1
	 * @param status {@code UP}, {@code DRAINING} or {@code DOWN}
	 * @param weight the weight metadata
	 */
	public record Instance(String instanceId, int port, String status, int weight) {

		public static Instance up(String instanceId, int port) {
			return new Instance(instanceId, port, "UP", 1);
		}

		public static Instance up(FakeNode node) {
			return up(node.instanceId(), node.port());
		}

		public static Instance draining(FakeNode node) {
			return new Instance(node.instanceId(), node.port(), "DRAINING", 1);
		}

		public static Instance down(FakeNode node) {
			return new Instance(node.instanceId(), node.port(), "DOWN", 1);
		}

	}

}
