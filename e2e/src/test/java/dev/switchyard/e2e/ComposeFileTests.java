package dev.switchyard.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docker-compose.yml} checked offline with Debian's {@code docker-compose} (v1),
 * which rejects keys that Compose v2 would accept silently.
 */
class ComposeFileTests {

	private static final Path ROOT = Path.of(System.getProperty("switchyard.root", "..")).toAbsolutePath().normalize();

	@Test
	void shouldBeAValidComposeFileWithPinnedImagesHealthchecksAndMemoryLimits() throws Exception {
		String config = dockerCompose("config");

		JsonNode services = new YAMLMapper().readTree(config).path("services");

		assertThat(services.propertyNames()).contains("redis", "registry-daemon", "node-service", "gateway", "haproxy",
				"prometheus", "grafana");
		for (String name : services.propertyNames()) {
			JsonNode service = services.path(name);
			assertThat(service.path("image").asString()).as("%s image", name).matches(".+:v?[0-9][^:]*");
			assertThat(service.path("mem_limit").isMissingNode()).as("%s mem_limit", name).isFalse();
			if (!name.equals("tokens")) {
				assertThat(service.path("healthcheck").path("test").isMissingNode()).as("%s healthcheck", name)
					.isFalse();
			}
		}
		assertThat(services.path("node-service").path("deploy").path("replicas").asInt()).isEqualTo(3);
		assertThat(services.path("haproxy").path("ports")).hasSize(1);
		List<String> published = services.propertyNames()
			.stream()
			.filter((name) -> !services.path(name).path("ports").isMissingNode())
			.toList();
		assertThat(published).as("the layer-4 tier in front of the gateways is the only published entry point")
			.containsExactlyInAnyOrder("haproxy", "prometheus", "grafana");
	}

	@Test
	void shouldPutHaproxyInTcpModeInFrontOfTwoGatewaysCheckedOnTheirReadiness() throws Exception {
		JsonNode services = new YAMLMapper().readTree(dockerCompose("config")).path("services");

		JsonNode haproxy = services.path("haproxy");
		String config = Files.readString(ROOT.resolve("haproxy/haproxy.cfg"));

		assertThat(services.path("gateway").path("deploy").path("replicas").asInt()).isEqualTo(2);
		assertThat(services.path("gateway").path("ports").isMissingNode()).isTrue();
		assertThat(haproxy.path("depends_on").path("gateway").path("condition").asString())
			.isEqualTo("service_healthy");
		assertThat(haproxy.path("volumes").toString()).contains("haproxy/haproxy.cfg",
				"/usr/local/etc/haproxy/haproxy.cfg");
		assertThat(haproxy.path("environment").path("HAPROXY_BIND").asString()).isEqualTo(":8080");
		assertThat(config).contains("mode tcp", "balance leastconn", "option httpchk", "uri /actuator/health/readiness",
				"inter 500ms", "server-template gateway- 2 gateway:8080 check");
		// a stopping gateway drains for 2 s (gateway.shutdown.drain-window): two failed
		// checks 500 ms apart must take it out before it stops accepting
		assertThat(config).contains("fall 2");
	}

	@Test
	void shouldWriteTheTokensIntoTheVolumeAndNeverPrintThem(@TempDir Path given, @TempDir Path generated)
			throws Exception {
		JsonNode command = new YAMLMapper().readTree(dockerCompose("config"))
			.path("services")
			.path("tokens")
			.path("command");
		assertThat(command.get(0).asString()).isEqualTo("sh");
		// the script as the container runs it ($$ is compose's escape of $), on a
		// directory of
		// the test's instead of the volume; chown is the container's business
		String script = "chown() { :; }\n" + command.get(2).asString().replace("$$", "$");

		String fromEnvironment = runTokensScript(script, given, Map.of("REGISTRY_TOKEN", "registry-secret-1",
				"ADMIN_TOKEN", "admin-secret-2", "GRAFANA_ADMIN_PASSWORD", "grafana-secret-3"));
		String fromNothing = runTokensScript(script, generated, Map.of());

		assertThat(Files.readString(given.resolve("ADMIN_TOKEN"))).isEqualTo("admin-secret-2");
		assertThat(fromEnvironment).doesNotContain("registry-secret-1", "admin-secret-2", "grafana-secret-3")
			.contains("docker compose exec gateway cat ");
		for (String name : List.of("REGISTRY_TOKEN", "ADMIN_TOKEN", "GRAFANA_ADMIN_PASSWORD")) {
			String token = Files.readString(generated.resolve(name));
			assertThat(token).as(name).matches("[0-9a-f]{32}");
			assertThat(fromNothing).as("the tokens service's output").doesNotContain(token);
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(generated.resolve(name)))).as(name)
				.isEqualTo("r--------");
		}
	}

	private static String runTokensScript(String script, Path directory, Map<String, String> environment)
			throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder("sh", "-c",
				script.replace("/run/switchyard", directory.toString()).replace("/run/grafana", directory.toString()))
			.redirectErrorStream(true);
		builder.environment().keySet().removeAll(List.of("REGISTRY_TOKEN", "ADMIN_TOKEN", "GRAFANA_ADMIN_PASSWORD"));
		builder.environment().putAll(environment);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		return output;
	}

	private static String dockerCompose(String command) throws IOException, InterruptedException {
		Process process;
		try {
			process = new ProcessBuilder("docker-compose", "-f", "docker-compose.yml", command).directory(ROOT.toFile())
				.redirectErrorStream(true)
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException(
					"This test needs Debian's docker-compose to check the file offline: apt-get install -y docker-compose",
					ex);
		}
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		return output;
	}

}
