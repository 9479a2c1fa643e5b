package dev.switchyard.registry.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class RegistryClientTests {

	private static final String TOKEN = "registry-token";

	@Test
	void shouldSendTheTokenWithWritesOnly() {
		try (FakeRegistry registry = new FakeRegistry(); HttpClient http = HttpClient.newHttpClient()) {
			RegistryClient client = new RegistryClient(registry.url(), TOKEN, http, JsonMapper.builder().build());

			client.register("node-service", "node-1", "127.0.0.1", 8081, Map.of(), Duration.ofSeconds(10));
			client.heartbeat("node-service", "node-1");
			client.status("node-service", "node-1", "DRAINING");
			ServiceSnapshot snapshot = client.service("node-service", 0, Duration.ZERO);
			client.service("node-service", snapshot.index() - 1, Duration.ofMillis(100));
			client.deregister("node-service", "node-1");

			String bearer = "Bearer " + TOKEN;
			assertThat(registry.authorizations()).containsExactly(
					"PUT /v1/services/node-service/instances/node-1 " + bearer,
					"PUT /v1/services/node-service/instances/node-1/heartbeat " + bearer,
					"PUT /v1/services/node-service/instances/node-1/status " + bearer, "GET /v1/services/node-service ",
					"GET /v1/services/node-service ", "DELETE /v1/services/node-service/instances/node-1 " + bearer);
		}
	}

	@Test
	void shouldNotShowTheTokenWhenItsPropertiesArePrinted() {
		RegistryClientProperties properties = new RegistryClientProperties(List.of(URI.create("http://127.0.0.1:7111")),
				TOKEN, null, null);

		assertThat(properties).asString()
			.doesNotContain(TOKEN)
			.contains("token=******", "urls=[http://127.0.0.1:7111]");
		assertThat(new RegistryClientProperties(properties.urls(), null, null, null)).asString().contains("token=,");
	}

}
