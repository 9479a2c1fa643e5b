package dev.switchyard.registry.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small in-memory stand-in for the registry daemon's HTTP API, on a loopback port,
 * recording every call it receives.
 */
public final class FakeRegistry implements AutoCloseable {

	private final HttpServer server;

	private final JsonMapper json = JsonMapper.builder().build();

	private final Map<String, RegisteredInstance> instances = new TreeMap<>();

	private final List<String> calls = Collections.synchronizedList(new ArrayList<>());

	private final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());

	private long index = 1;

	public FakeRegistry() {
		this(0);
	}

	public FakeRegistry(int port) {
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		this.server.createContext("/v1/services/", this::handle);
		this.server.start();
	}

	public URI url() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
	}

	public List<String> calls() {
		synchronized (this.calls) {
			return List.copyOf(this.calls);
		}
	}

	/**
	 * Return each call with the {@code Authorization} header it carried, if any.
	 * @return {@code METHOD path Authorization}, the last part empty when absent
	 */
	public List<String> authorizations() {
		synchronized (this.authorizations) {
			return List.copyOf(this.authorizations);
		}
	}

	public synchronized void put(String instanceId, int port, String status) {
		this.instances.put(instanceId, new RegisteredInstance("node-service", instanceId, "127.0.0.1", port, status,
				Map.of(), 10, Instant.now(), Instant.now()));
		changed();
	}

	public synchronized void remove(String instanceId) {
		this.instances.remove(instanceId);
		changed();
	}

	public synchronized void forgetAll() {
		this.instances.clear();
		changed();
	}

	private void changed() {
		this.index++;
		notifyAll();
	}

	private void handle(HttpExchange exchange) throws IOException {
		String method = exchange.getRequestMethod();
		String path = exchange.getRequestURI().getPath();
		String query = exchange.getRequestURI().getQuery();
		this.calls.add(method + " " + path);
		String authorization = exchange.getRequestHeaders().getFirst("Authorization");
		this.authorizations.add(method + " " + path + " " + ((authorization != null) ? authorization : ""));
		String[] parts = path.substring(1).split("/");
		try (exchange) {
			if (parts.length == 3 && method.equals("GET")) {
				respond(exchange, 200, snapshot(parts[2], query));
			}
			else if (parts.length == 5 && method.equals("PUT")) {
				Map<?, ?> body = this.json.readValue(exchange.getRequestBody(), Map.class);
				RegisteredInstance instance = new RegisteredInstance(parts[2], parts[4], (String) body.get("host"),
						((Number) body.get("port")).intValue(), RegisteredInstance.UP, Map.of(), 10, Instant.now(),
						Instant.now());
				synchronized (this) {
					this.instances.put(parts[4], instance);
					changed();
				}
				respond(exchange, 200, instance);
			}
			else if (parts.length == 6 && method.equals("PUT")) {
				RegisteredInstance instance;
				synchronized (this) {
					instance = this.instances.get(parts[4]);
					if (instance != null && parts[5].equals("status")) {
						Map<?, ?> body = this.json.readValue(exchange.getRequestBody(), Map.class);
						instance = new RegisteredInstance(instance.service(), instance.instanceId(), instance.host(),
								instance.port(), (String) body.get("status"), instance.metadata(), 10,
								instance.registeredAt(), Instant.now());
						this.instances.put(parts[4], instance);
						changed();
					}
				}
				respond(exchange, (instance != null) ? 200 : 404, instance);
			}
			else if (parts.length == 5 && method.equals("DELETE")) {
				boolean removed;
				synchronized (this) {
					removed = this.instances.remove(parts[4]) != null;
					changed();
				}
				respond(exchange, removed ? 204 : 404, null);
			}
			else {
				respond(exchange, 404, null);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private synchronized ServiceSnapshot snapshot(String service, String query) throws InterruptedException {
		if (query != null && query.startsWith("index=")) {
			long seen = Long.parseLong(query.substring(6, query.indexOf('&')));
			String wait = query.substring(query.indexOf("wait=") + 5).replace("ms", "");
			long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.min(5000, Long.parseLong(wait)));
			while (this.index <= seen && System.nanoTime() < deadline) {
				wait(100);
			}
		}
		return new ServiceSnapshot(service, this.index, List.copyOf(this.instances.values()));
	}

	private void respond(HttpExchange exchange, int status, Object body) throws IOException {
		if (body == null) {
			exchange.sendResponseHeaders(status, -1);
			return;
		}
		byte[] bytes = this.json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
