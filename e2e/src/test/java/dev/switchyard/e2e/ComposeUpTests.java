package dev.switchyard.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docker-compose.yml} run for real by {@code bin/compose-e2e}: {@code up --build}
 * in containers (Docker, or podman through its Docker-compatible API, with stand-ins for
 * the base images that no registry serves here), the README's promises checked through
 * the published ports, and {@code down -v} leaving nothing behind. Without Docker or
 * podman the script, and so this test, fails and says what to install.
 */
class ComposeUpTests {

	private static final Path ROOT = Path.of(System.getProperty("switchyard.root", "..")).toAbsolutePath().normalize();

	/** The script's own deadline; the test gives it a little more to clean up. */
	private static final int RUN_SECONDS = 1200;

	@Test
	void shouldBuildAndRunTheComposeFileAndKeepTheReadmesPromises() {
		Run run = composeE2e();

		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(run.lastLine()).as(run.output()).startsWith("compose-e2e: OK");
		assertThat(run.output()).contains("node-service: 3 container(s) healthy", "gateway: 2 container(s) healthy",
				"reached from the gateway", "all 200, served by", "holds the apple on every read",
				"every answer says X-LB-Policy: random", "gateway=2/2 node-service=3/3 registry-daemon=1/1",
				"killed with SIGKILL", "nothing left", "Grafana is left out of this run");
		assertThat(run.output().lines().filter((line) -> line.endsWith("UP, reached from the gateway")))
			.as("each of the 3 registered nodes reached from a gateway container")
			.hasSize(3);
	}

	private static Run composeE2e(String... arguments) {
		List<String> command = new java.util.ArrayList<>(List.of(ROOT.resolve("bin/compose-e2e").toString()));
		command.addAll(List.of(arguments));
		try {
			Path log = Files.createTempFile(ROOT.resolve("e2e/target"), "compose-e2e", ".log");
			ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile());
			builder.environment().put("COMPOSE_E2E_TIMEOUT", Integer.toString(RUN_SECONDS));
			Process process = builder.start();
			if (!process.waitFor(RUN_SECONDS + 120, TimeUnit.SECONDS)) {
				// SIGTERM: the script's trap runs down -v and stops its podman service
				process.destroy();
				if (!process.waitFor(120, TimeUnit.SECONDS)) {
					process.descendants().forEach(ProcessHandle::destroyForcibly);
					process.destroyForcibly();
				}
				return new Run(-1, "bin/compose-e2e did not end within %d s%n%s".formatted(RUN_SECONDS + 120,
						Files.readString(log)));
			}
			return new Run(process.exitValue(), Files.readString(log));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private record Run(int exitCode, String output) {

		String lastLine() {
			List<String> lines = this.output.lines().toList();
			return lines.isEmpty() ? "" : lines.getLast();
		}

	}

}
