package dev.switchyard.node;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import dev.switchyard.test.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The thread models side by side, each reported by whoami and in the metrics.
 */
class ThreadModelTests {

	private static final TestRedis redis = TestRedis.start();

	private final NodeClient client = new NodeClient();

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@Test
	void shouldServeFromBoundedPlatformPool() {
		try (ConfigurableApplicationContext node = Nodes.start(redis.url(), "node.threads=platform")) {
			int port = Nodes.port(node);

			NodeClient.Response whoami = this.client.get(port, "/api/whoami");
			NodeClient.Response work = this.client.get(port, "/api/work?ioMs=1");
			NodeClient.Response metrics = this.client.get(port, "/actuator/prometheus");

			assertThat(whoami.<String>json("$.threads")).isEqualTo("platform");
			assertThat(whoami.<Boolean>json("$.virtualThread")).isFalse();
			assertThat(whoami.<String>json("$.thread")).startsWith("http-nio-");
			assertThat(work.<Boolean>json("$.virtualThread")).isFalse();
			assertThat(metrics.body()).containsPattern("node_threads\\{[^}]*model=\"platform\"[^}]*\\} 1.0")
				.containsPattern("tomcat_threads_config_max_threads\\{[^}]*\\} 200.0");
		}
	}

	@Test
	void shouldServeFromVirtualThreads() {
		try (ConfigurableApplicationContext node = Nodes.start(redis.url(), "node.threads=virtual")) {
			int port = Nodes.port(node);

			NodeClient.Response whoami = this.client.get(port, "/api/whoami");
			NodeClient.Response metrics = this.client.get(port, "/actuator/prometheus");

			assertThat(whoami.<String>json("$.threads")).isEqualTo("virtual");
			assertThat(whoami.<Boolean>json("$.virtualThread")).isTrue();
			assertThat(metrics.body()).containsPattern("node_threads\\{[^}]*model=\"virtual\"[^}]*\\} 1.0");
		}
	}

	@Test
	void shouldServeOneRequestAfterTheOtherWhenIterative() {
		try (ConfigurableApplicationContext node = Nodes.start(redis.url(), "node.threads=iterative")) {
			int port = Nodes.port(node);
			this.client.get(port, "/api/work?ioMs=1");

			Duration both = twoAtOnce(port, "/api/work?ioMs=300");

			// head-of-line blocking: the second waits for the one thread the first holds
			assertThat(both).isGreaterThanOrEqualTo(Duration.ofMillis(600));
			assertThat(this.client.get(port, "/api/whoami").<String>json("$.threads")).isEqualTo("iterative");
		}
	}

	@Test
	void shouldServeTwoRequestsAtOnceFromThePlatformPool() {
		try (ConfigurableApplicationContext node = Nodes.start(redis.url(), "node.threads=platform")) {
			int port = Nodes.port(node);
			this.client.get(port, "/api/work?ioMs=1");

			Duration both = twoAtOnce(port, "/api/work?ioMs=300");

			assertThat(both).isGreaterThanOrEqualTo(Duration.ofMillis(300)).isLessThan(Duration.ofMillis(600));
		}
	}

	private static Duration twoAtOnce(int port, String path) {
		try (HttpClient http = HttpClient.newHttpClient()) {
			HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
				.timeout(Duration.ofSeconds(10))
				.build();
			long start = System.nanoTime();
			// two connections: each request has its own, as two clients would
			CompletableFuture<HttpResponse<Void>> first = http.sendAsync(request, BodyHandlers.discarding());
			CompletableFuture<HttpResponse<Void>> second = http.sendAsync(request, BodyHandlers.discarding());
			assertThat(first.join().statusCode()).isEqualTo(200);
			assertThat(second.join().statusCode()).isEqualTo(200);
			return Duration.ofNanos(System.nanoTime() - start);
		}
	}

}
