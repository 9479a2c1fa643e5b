package dev.switchyard.node;

import dev.switchyard.test.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two thread models side by side, each reported by whoami and in the metrics.
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

}
