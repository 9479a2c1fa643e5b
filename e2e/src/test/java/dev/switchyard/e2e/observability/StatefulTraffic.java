package dev.switchyard.e2e.observability;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import dev.switchyard.e2e.Http;

/**
 * Users with a session through the gateway, in one background thread, bounded in count
 * and time: carts (shared state in Redis), the local counter (state in one node's
 * memory), the catalog (replicated to every node), long jobs (every other one cancelled)
 * and some work.
 */
final class StatefulTraffic implements AutoCloseable {

	private static final int MAX_REQUESTS = 20_000;

	private static final Duration MAX_TIME = Duration.ofMinutes(3);

	private static final int USERS = 4;

	private final String gatewayUrl;

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();

	private final AtomicReference<String> lastJob = new AtomicReference<>();

	private final Thread thread;

	private StatefulTraffic(String gatewayUrl) {
		this.gatewayUrl = gatewayUrl;
		List<Http> users = new ArrayList<>();
		for (int i = 0; i < USERS; i++) {
			users.add(Http.withCookies());
		}
		Map<String, Function<Http, HttpResponse<String>>> calls = new LinkedHashMap<>();
		calls.put("cart-add", (http) -> http.postJson(url("/api/cart/items"), "{\"sku\":\"sku-1\",\"qty\":1}"));
		calls.put("cart-get", (http) -> http.get(url("/api/cart")));
		calls.put("local-increment", (http) -> http.postJson(url("/api/local/counter"), ""));
		calls.put("local-get", (http) -> http.get(url("/api/local/counter")));
		calls.put("catalog-put", this::putCatalogEntry);
		calls.put("catalog-get", (http) -> http.get(url("/api/catalog/key-1")));
		calls.put("work", (http) -> http.get(url("/api/work?cpuMs=2&ioMs=5")));
		calls.put("job-start", this::startJob);
		calls.put("job-cancel", this::cancelJob);
		List<String> names = List.copyOf(calls.keySet());
		long deadline = System.nanoTime() + MAX_TIME.toNanos();
		this.thread = Thread.ofPlatform().name("stateful-traffic").start(() -> {
			for (int i = 0; i < MAX_REQUESTS && this.running.get() && System.nanoTime() < deadline; i++) {
				String name = names.get(i % names.size());
				try {
					record(name + " " + calls.get(name).apply(users.get(i % USERS)).statusCode());
				}
				catch (RuntimeException ex) {
					record(name + " " + ex.getClass().getSimpleName());
				}
			}
		});
	}

	static StatefulTraffic start(String gatewayUrl) {
		return new StatefulTraffic(gatewayUrl);
	}

	private String url(String path) {
		return this.gatewayUrl + path;
	}

	private HttpResponse<String> putCatalogEntry(Http http) {
		long now = System.nanoTime();
		return http.send(HttpRequest.newBuilder(URI.create(url("/api/catalog/key-" + (now % 16))))
			.header("Content-Type", "application/json")
			.PUT(BodyPublishers.ofString("{\"value\":\"v" + now + "\"}")));
	}

	private HttpResponse<String> startJob(Http http) {
		HttpResponse<String> response = http.postJson(url("/api/jobs"), "{\"durationMs\":300}");
		if (response.statusCode() == 202) {
			this.lastJob.set(Http.json(response).path("id").asString());
		}
		return response;
	}

	/** Cancel the last job out of band, through whichever node the gateway picks. */
	private HttpResponse<String> cancelJob(Http http) {
		String id = this.lastJob.getAndSet(null);
		return (id != null) ? http.send(HttpRequest.newBuilder(URI.create(url("/api/jobs/" + id))).DELETE())
				: http.get(url("/api/cart"));
	}

	private void record(String outcome) {
		this.outcomes.computeIfAbsent(outcome, (key) -> new LongAdder()).increment();
	}

	/**
	 * How the calls ended so far, for a failure message.
	 * @return call and status to count
	 */
	Map<String, Long> outcomes() {
		Map<String, Long> outcomes = new TreeMap<>();
		this.outcomes.forEach((outcome, count) -> outcomes.put(outcome, count.sum()));
		return outcomes;
	}

	@Override
	public void close() {
		this.running.set(false);
		try {
			this.thread.join(Duration.ofSeconds(15));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
