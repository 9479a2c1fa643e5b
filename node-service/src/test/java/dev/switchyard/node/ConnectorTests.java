package dev.switchyard.node;

import dev.switchyard.test.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tomcat's NIO and NIO2 connectors, each with platform and virtual threads.
 */
class ConnectorTests {

	private static final TestRedis redis = TestRedis.start();

	private final NodeClient client = new NodeClient();

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@ParameterizedTest
	@CsvSource({ "nio, platform, false", "nio2, platform, false", "nio2, virtual, true" })
	void shouldServeOnEachConnector(String connector, String threads, boolean virtual) {
		try (ConfigurableApplicationContext node = Nodes.start(redis.url(), "node.connector=" + connector,
				"node.threads=" + threads)) {
			int port = Nodes.port(node);

			NodeClient.Response work = this.client.get(port, "/api/work?ioMs=1");
			NodeClient.Response info = this.client.get(port, "/actuator/info");
			NodeClient.Response metrics = this.client.get(port, "/actuator/prometheus");

			assertThat(work.status()).isEqualTo(200);
			assertThat(work.<Boolean>json("$.virtualThread")).isEqualTo(virtual);
			assertThat(info.<String>json("$.connector.name")).isEqualTo(connector);
			assertThat(metrics.body())
				.containsPattern("node_connector\\{[^}]*connector=\"" + connector + "\"[^}]*\\} 1.0");
			if (!virtual) {
				assertThat(work.<String>json("$.thread")).startsWith("http-" + connector + "-");
			}
		}
	}

}
