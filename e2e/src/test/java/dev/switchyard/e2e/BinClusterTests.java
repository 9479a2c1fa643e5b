package dev.switchyard.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.switchyard.test.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/cluster} as a user runs it: up, status, traffic through the gateway, down
 * with nothing left running.
 */
class BinClusterTests {

	private static final Path ROOT = Path.of(System.getProperty("switchyard.root", "..")).toAbsolutePath().normalize();

	/**
	 * Seconds an {@code up} may take: the first one after a build also makes the three
	 * start-up caches (a training run of each app, at the same time).
	 */
	private static final int UP_TIMEOUT = 600;

	@TempDir
	Path state;

	private final int gatewayPort = FreePorts.find();

	private final int registryPort = FreePorts.find();

	@BeforeEach
	void noClusterYet() {
		assertThat(this.state.resolve("pids")).doesNotExist();
	}

	@AfterEach
	void down() {
		run(120, "down");
	}

	@Test
	void shouldBringUpThreeNodesBalancedRoundRobinAndLeaveNothingRunningAfterDown() throws IOException {
		Result up = run(UP_TIMEOUT, "up", "--nodes", "3");

		assertThat(up.exitCode()).as(up.output()).isZero();
		assertThat(up.output()).contains("Switchyard is up", "http://127.0.0.1:" + this.gatewayPort, "ADMIN_TOKEN=");
		Result status = run(30, "status");
		assertThat(status.output().lines().filter((line) -> line.contains("running"))).hasSize(6);
		assertThat(javaCommandLines()).as("every JVM starts from its start-up cache (bin/startup-cache)")
			.hasSize(5)
			.allSatisfy((command) -> assertThat(command).containsAnyOf("-XX:AOTCache=", "-XX:SharedArchiveFile=")
				.contains("/target/startup-cache/application/"));
		Map<String, Integer> servedBy = new HashMap<>();
		Http http = Http.withoutCookies();
		for (int i = 0; i < 30; i++) {
			HttpResponse<String> response = http.get("http://127.0.0.1:" + this.gatewayPort + "/api/whoami");
			assertThat(response.statusCode()).isEqualTo(200);
			servedBy.merge(response.headers().firstValue("X-Served-By").orElseThrow(), 1, Integer::sum);
		}
		assertThat(servedBy).containsOnly(Map.entry("node-1", 10), Map.entry("node-2", 10), Map.entry("node-3", 10));
		Map<String, String> tokens = tokens();
		String lb = "http://127.0.0.1:" + this.gatewayPort + "/admin/lb";
		assertThat(http
			.send(HttpRequest.newBuilder(URI.create(lb)).header("Authorization", "Bearer " + tokens.get("ADMIN_TOKEN")))
			.statusCode()).isEqualTo(200);
		assertThat(http
			.send(HttpRequest.newBuilder(URI.create(lb))
				.header("Authorization", "Bearer " + tokens.get("ADMIN_TOKEN") + "x"))
			.statusCode()).isEqualTo(401);
		Figures restart = restartUnderLoad("gateway-1");
		assertThat(restart.failures()).as("failed requests while gateway-1 was replaced on its port").isEmpty();
		assertThat(restart.sent()).isGreaterThan(0);
		List<Long> pids = pids();
		assertThat(pids).hasSize(6);

		Result down = run(120, "down");

		assertThat(down.exitCode()).as(down.output()).isZero();
		assertThat(pids).allSatisfy((pid) -> assertThat(isRunning(pid)).as("pid %d after down", pid).isFalse());
		assertThat(run(30, "status").output()).contains("no cluster");
		try (Stream<Path> logs = Files.list(this.state.resolve("logs"))) {
			assertThat(logs.toList()).hasSizeGreaterThanOrEqualTo(6)
				.allSatisfy((log) -> assertThat(Files.readString(log)).as("%s", log)
					.doesNotContain(tokens.get("ADMIN_TOKEN"), tokens.get("REGISTRY_TOKEN")));
		}
	}

	@Test
	void shouldRunTwoGatewaysBehindHaproxyAndRestartOneWithoutAFailedRequest() throws IOException {
		Result up = run(UP_TIMEOUT, "up", "--nodes", "2", "--gateways", "2");

		assertThat(up.exitCode()).as(up.output()).isZero();
		Result status = run(30, "status");
		assertThat(status.output().lines().filter((line) -> line.contains("running")).map((line) -> line.split(" ")[0]))
			.containsExactly("redis", "registry", "node-1", "node-2", "gateway-1", "gateway-2", "haproxy");
		HttpResponse<String> gateways = Http.withoutCookies()
			.get("http://127.0.0.1:" + this.registryPort + "/v1/services/gateway");
		assertThat(Http.json(gateways).path("instances").findValuesAsString("instanceId"))
			.containsExactlyInAnyOrder("gateway-1", "gateway-2");
		Figures restart = restartUnderLoad("gateway-2");
		assertThat(restart.failures()).as("failed requests while gateway-2 was replaced behind HAProxy").isEmpty();
		assertThat(run(30, "status").output()).contains("gateway-2").doesNotContain("stopped");
	}

	@Test
	void shouldGiveUpWhenAProcessDoesNotStartAndLeaveNothingRunning() throws IOException {
		// every JVM refuses the flag: Redis starts, the registry does not
		Result up = run(120, Map.of("STARTUP_TIMEOUT", "5", "SWITCHYARD_STARTUP_CACHE", "off", "SWITCHYARD_JAVA_OPTS",
				"-XX:+SwitchyardNoSuchFlag"), "up", "--nodes", "1");

		assertThat(up.exitCode()).as(up.output()).isEqualTo(1);
		assertThat(up.output()).contains("registry did not become healthy", "Stopping what was started");
		String redisLog = Files.readString(this.state.resolve("logs/redis.log"));
		Matcher redisPid = Pattern.compile("pid=(\\d+)").matcher(redisLog);
		assertThat(redisPid.find()).as(redisLog).isTrue();
		assertThat(isRunning(Long.parseLong(redisPid.group(1)))).as("Redis after the failed up").isFalse();
		assertThat(run(30, "status").output()).contains("no cluster");
	}

	/**
	 * Run {@code bin/cluster restart NAME} under the fault suite's mixed load through
	 * {@code GATEWAY_PORT}.
	 */
	private Figures restartUnderLoad(String name) {
		String url = "http://127.0.0.1:" + this.gatewayPort;
		try (MixedLoad load = MixedLoad.start(url, 2, 1)) {
			long began = System.nanoTime();
			Result restart = run(300, "restart", name);
			assertThat(restart.exitCode()).as(restart.output()).isZero();
			List<MixedLoad.Outcome> outcomes = load.outcomes()
				.stream()
				.filter((outcome) -> outcome.end() >= began)
				.toList();
			Figures figures = new Figures(outcomes.size(),
					outcomes.stream().filter((outcome) -> !outcome.succeeded()).toList());
			System.out.println("bin/cluster restart " + name + ": " + figures.sent() + " requests, "
					+ figures.failures().size() + " failed");
			return figures;
		}
	}

	private record Figures(int sent, List<MixedLoad.Outcome> failures) {
	}

	private Map<String, String> tokens() throws IOException {
		Map<String, String> tokens = new HashMap<>();
		for (String line : Files.readAllLines(this.state.resolve("cluster.env"))) {
			if (line.startsWith("ADMIN_TOKEN=") || line.startsWith("REGISTRY_TOKEN=")) {
				tokens.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
			}
		}
		assertThat(tokens.values()).hasSize(2).allSatisfy((token) -> assertThat(token).hasSizeGreaterThan(16));
		return tokens;
	}

	/**
	 * A process counts as running until it has exited: a zombie waiting for its new
	 * parent (init) to reap it has.
	 */
	private static boolean isRunning(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
			char state = stat.charAt(stat.lastIndexOf(')') + 2);
			return state != 'Z' && state != 'X';
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** The command lines of the registry, the nodes and the gateway. */
	private List<String> javaCommandLines() throws IOException {
		List<String> commands = new ArrayList<>();
		for (long pid : pids()) {
			String command = Files.readString(Path.of("/proc", String.valueOf(pid), "cmdline")).replace('\0', ' ');
			if (command.contains("-exec.jar")) {
				commands.add(command);
			}
		}
		return commands;
	}

	private List<Long> pids() throws IOException {
		List<Long> pids = new ArrayList<>();
		try (Stream<Path> files = Files.list(this.state.resolve("pids"))) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".pid")).toList()) {
				pids.add(Long.parseLong(Files.readString(file).trim()));
			}
		}
		return pids;
	}

	private Result run(int timeoutSeconds, String... args) {
		return run(timeoutSeconds, Map.of(), args);
	}

	private Result run(int timeoutSeconds, Map<String, String> environment, String... args) {
		List<String> command = new ArrayList<>();
		command.add(ROOT.resolve("bin/cluster").toString());
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
		Map<String, String> env = builder.environment();
		env.put("CLUSTER_STATE_DIR", this.state.toString());
		env.put("GATEWAY_PORT", String.valueOf(this.gatewayPort));
		env.put("REGISTRY_PORT", String.valueOf(this.registryPort));
		env.remove("REDIS_URL");
		env.put("SWITCHYARD_JAVA_OPTS", "-XX:TieredStopAtLevel=1");
		env.putAll(environment);
		try {
			Path output = Files.createTempFile("bin-cluster", ".out");
			builder.redirectOutput(output.toFile());
			Process process = builder.start();
			if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return new Result(-1, Files.readString(output) + "\n(timed out)");
			}
			return new Result(process.exitValue(), Files.readString(output));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private record Result(int exitCode, String output) {
	}

}
