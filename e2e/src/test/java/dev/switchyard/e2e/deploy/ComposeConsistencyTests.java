package dev.switchyard.e2e.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docker-compose.yml} against what the applications read: every environment
 * variable it sets for an application is one the application reads, and every healthcheck
 * probes the port the application listens on.
 */
class ComposeConsistencyTests {

	private static final Pattern HEALTH_URL = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/actuator/health/\\w+");

	@Test
	void shouldSetOnlyEnvironmentVariablesTheAppsRead() {
		JsonNode services = renderedServices();

		List<String> violations = environmentViolations(services);

		assertThat(violations).isEmpty();
	}

	@Test
	void shouldProbeThePortEachAppListensOn() {
		JsonNode services = renderedServices();

		List<String> violations = portViolations(services);

		assertThat(violations).isEmpty();
	}

	@Test
	void shouldRejectAnEnvironmentVariableNoAppReads() {
		JsonNode services = renderedServices().deepCopy();
		((ObjectNode) services.path("node-service").path("environment")).put("NODE_PROT", "8081");

		List<String> violations = environmentViolations(services);

		assertThat(violations).singleElement().asString().contains("NODE_PROT");
	}

	@Test
	void shouldRejectAHealthcheckOnAnotherPort() {
		JsonNode services = renderedServices().deepCopy();
		((ObjectNode) services.path("gateway").path("environment")).put("GATEWAY_PORT", "8088");

		List<String> violations = portViolations(services);

		assertThat(violations).singleElement().asString().contains("gateway");
	}

	@Test
	void shouldRejectAKeyComposeDoesNotKnow() throws Exception {
		String broken = java.nio.file.Files.readString(Kustomize.ROOT.resolve("docker-compose.yml"))
			.replace("    mem_limit: 384m", "    mem_limt: 384m");

		Result result = dockerCompose(broken);

		assertThat(result.exitCode()).as(result.output()).isNotZero();
		assertThat(result.output()).contains("mem_limt");
	}

	private static List<String> environmentViolations(JsonNode services) {
		List<String> violations = new ArrayList<>();
		for (String module : AppConfiguration.APPS) {
			AppConfiguration app = AppConfiguration.of(module);
			for (Map.Entry<String, JsonNode> variable : services.path(module).path("environment").properties()) {
				if (!app.reads(variable.getKey()) && !variable.getKey().equals("SPRING_CONFIG_IMPORT")
						&& !variable.getKey().equals("JAVA_TOOL_OPTIONS")) {
					violations.add("docker-compose.yml sets %s for %s, which does not read it"
						.formatted(variable.getKey(), module));
				}
			}
		}
		return violations;
	}

	private static List<String> portViolations(JsonNode services) {
		List<String> violations = new ArrayList<>();
		for (String module : AppConfiguration.APPS) {
			JsonNode service = services.path(module);
			String port = service.path("environment").path(AppConfiguration.of(module).portVariable()).asString("");
			String probe = String.join(" ",
					service.path("healthcheck").path("test").valueStream().map(JsonNode::asString).toList());
			Matcher url = HEALTH_URL.matcher(probe);
			if (!url.find() || !url.group(1).equals(port)) {
				violations.add("%s listens on %s but its healthcheck runs %s".formatted(module, port, probe));
			}
		}
		return violations;
	}

	private static JsonNode renderedServices() {
		try {
			Result result = dockerCompose(java.nio.file.Files.readString(Kustomize.ROOT.resolve("docker-compose.yml")));
			assertThat(result.exitCode()).as(result.output()).isZero();
			return new YAMLMapper().readTree(result.output()).path("services");
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static Result dockerCompose(String file) {
		try {
			java.nio.file.Path copy = Kustomize.ROOT.resolve("e2e/target/compose-check");
			java.nio.file.Files.createDirectories(copy);
			java.nio.file.Files.writeString(copy.resolve("docker-compose.yml"), file);
			Process process = new ProcessBuilder("docker-compose", "-f", "docker-compose.yml", "config")
				.directory(copy.toFile())
				.redirectErrorStream(true)
				.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
			return new Result(process.exitValue(), output);
		}
		catch (IOException ex) {
			throw new IllegalStateException(
					"This test needs Debian's docker-compose to check the file offline: apt-get install -y docker-compose",
					ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private record Result(int exitCode, String output) {
	}

}
