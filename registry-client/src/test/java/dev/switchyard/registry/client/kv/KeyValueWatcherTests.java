package dev.switchyard.registry.client.kv;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.switchyard.registry.client.KeyValueEntry;
import dev.switchyard.registry.client.RegistryClient;
import dev.switchyard.registry.client.RegistryClientException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The watcher and the cas write against a stand-in of {@code /v1/kv} that holds one key
 * and answers blocking queries the daemon's way.
 */
class KeyValueWatcherTests {

	private final OneKey registry = new OneKey();

	private final RegistryClient client = new RegistryClient(this.registry.url(), "token", HttpClient.newHttpClient(),
			JsonMapper.builder().build());

	private final List<List<KeyValueEntry>> seen = new CopyOnWriteArrayList<>();

	private KeyValueWatcher watcher;

	@AfterEach
	void stop() {
		if (this.watcher != null) {
			this.watcher.close();
		}
		this.registry.close();
	}

	@Test
	void shouldDeliverTheAbsentKeyThenEachChange() {
		this.watcher = new KeyValueWatcher("a/b", false, () -> this.client, Duration.ofSeconds(5),
				Duration.ofMillis(200), this.seen::add)
			.start();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.seen.size() == 1);

		this.client.putKeyValue("a/b", "one", 0L);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.seen.size() == 2);
		this.client.putKeyValue("a/b", "two", null);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.seen.size() == 3);

		assertThat(this.seen.get(0)).isEmpty();
		assertThat(this.seen.get(1)).extracting(KeyValueEntry::value).containsExactly("one");
		assertThat(this.seen.get(2)).extracting(KeyValueEntry::value).containsExactly("two");
		assertThat(this.registry.blockingQueries).as("changes came through blocking queries").isPositive();
	}

	@Test
	void shouldKeepTheLastValueWhileTheRegistryIsDown() {
		this.client.putKeyValue("a/b", "kept", null);
		this.watcher = new KeyValueWatcher("a/b", false, () -> this.client, Duration.ofMillis(200),
				Duration.ofMillis(200), this.seen::add)
			.start();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.seen.size() == 1);

		this.registry.close();

		await().pollDelay(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(() -> true);
		assertThat(this.seen).hasSize(1);
		assertThat(this.watcher.current()).extracting(KeyValueEntry::value).containsExactly("kept");
	}

	@Test
	void shouldWriteWithCasAndReportAConflict() {
		KeyValueEntry first = this.client.putKeyValue("a/b", "one", 0L);

		assertThatExceptionOfType(RegistryClientException.class)
			.isThrownBy(() -> this.client.putKeyValue("a/b", "two", 0L))
			.satisfies((ex) -> assertThat(ex.isConflict()).isTrue());
		assertThat(this.client.putKeyValue("a/b", "two", first.modifyIndex()).value()).isEqualTo("two");
		assertThat(this.registry.lastAuthorization.get()).isEqualTo("Bearer token");
	}

	/** One key, its modify index, and blocking queries on it. */
	static final class OneKey implements AutoCloseable {

		private final HttpServer server;

		private final AtomicReference<String> lastAuthorization = new AtomicReference<>();

		private volatile int blockingQueries;

		private String value;

		private long index = 3;

		OneKey() {
			try {
				this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			this.server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
			this.server.createContext("/v1/kv/a/b", this::handle);
			this.server.start();
		}

		URI url() {
			return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
		}

		private void handle(HttpExchange exchange) throws IOException {
			String query = String.valueOf(exchange.getRequestURI().getQuery());
			String body;
			int status;
			synchronized (this) {
				if (exchange.getRequestMethod().equals("PUT")) {
					this.lastAuthorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
					String sent = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
					long modify = (this.value != null) ? this.index : 0;
					if (query.startsWith("cas=") && Long.parseLong(query.substring(4)) != modify) {
						status = 409;
					}
					else {
						this.value = sent;
						this.index++;
						notifyAll();
						status = 200;
					}
				}
				else {
					if (query.startsWith("index=")) {
						this.blockingQueries++;
						long seen = Long.parseLong(query.substring(6, query.indexOf('&')));
						long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
						while (this.index <= seen && System.nanoTime() < until) {
							try {
								wait(100);
							}
							catch (InterruptedException ex) {
								Thread.currentThread().interrupt();
								break;
							}
						}
					}
					status = (this.value != null) ? 200 : 404;
				}
				body = (status == 200) ? "{\"key\":\"a/b\",\"value\":\"" + this.value + "\",\"createIndex\":4,"
						+ "\"modifyIndex\":" + this.index + "}" : "{\"status\":" + status + "}";
				exchange.getResponseHeaders().set("X-Registry-Index", Long.toString(this.index));
			}
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(status, bytes.length);
			exchange.getResponseBody().write(bytes);
			exchange.close();
		}

		@Override
		public void close() {
			this.server.stop(0);
		}

	}

}
