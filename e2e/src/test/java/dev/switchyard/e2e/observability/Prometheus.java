package dev.switchyard.e2e.observability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.switchyard.e2e.Http;
import dev.switchyard.e2e.ManagedProcess;
import dev.switchyard.test.FreePorts;
import tools.jackson.databind.JsonNode;

import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus (Debian's {@code prometheus} package) on a loopback port, configured
 * from the repository's {@code prometheus/prometheus.yml} the way {@code bin/cluster}
 * does it, plus {@code promtool}.
 */
final class Prometheus implements AutoCloseable {

	static final Path ROOT = Path.of(System.getProperty("switchyard.root", "..")).toAbsolutePath().normalize();

	private static final String INSTALL = "apt-get install -y prometheus";

	private static final Duration STARTUP = Duration.ofSeconds(30);

	private final ManagedProcess process;

	private final String url;

	private final Http http = Http.withoutCookies();

	private Prometheus(ManagedProcess process, String url) {
		this.process = process;
		this.url = url;
	}

	/**
	 * Start Prometheus for a local cluster, scraping every second.
	 * @param registryUrl the registry daemon's base URL
	 * @param gatewayUrl the gateway's base URL
	 * @param directory where to write its configuration, data and log
	 * @return the running Prometheus, ready
	 */
	static Prometheus start(String registryUrl, String gatewayUrl, Path directory) {
		try {
			Path config = Files.createDirectories(directory.resolve("prometheus"));
			Files.writeString(config.resolve("prometheus.yml"), localConfiguration(registryUrl, gatewayUrl));
			Files.copy(ROOT.resolve("prometheus/rules.yml"), config.resolve("rules.yml"));
			int port = FreePorts.find();
			ManagedProcess process = ManagedProcess.start("prometheus",
					List.of(binary("prometheus"), "--config.file=" + config.resolve("prometheus.yml"),
							"--storage.tsdb.path=" + config.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
							"--log.level=warn"),
					Map.of(), directory);
			Prometheus prometheus = new Prometheus(process, "http://127.0.0.1:" + port);
			prometheus.awaitReady();
			return prometheus;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The repository's configuration with the compose host names replaced by the local
	 * cluster's loopback addresses (as {@code bin/cluster up --monitoring} does) and
	 * every interval shortened to a second.
	 */
	static String localConfiguration(String registryUrl, String gatewayUrl) throws IOException {
		String configuration = Files.readString(ROOT.resolve("prometheus/prometheus.yml"));
		for (String host : List.of("registry-daemon:7111")) {
			if (!configuration.contains(host)) {
				throw new IllegalStateException("prometheus/prometheus.yml no longer names " + host
						+ ", which bin/cluster and these tests rewrite to a loopback address");
			}
		}
		// the gateways come from the registry (service "gateway"), as the nodes do
		return configuration.replace("registry-daemon:7111", URI.create(registryUrl).getAuthority())
			.replaceAll("(scrape_interval|evaluation_interval|refresh_interval): \\d+s", "$1: 1s");
	}

	/**
	 * Run promtool.
	 * @param arguments its arguments
	 * @return its exit code and output
	 */
	static ToolResult promtool(String... arguments) {
		List<String> command = new ArrayList<>();
		command.add(binary("promtool"));
		command.addAll(List.of(arguments));
		try {
			Process process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
			process.getOutputStream().close();
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("promtool " + String.join(" ", arguments) + " did not finish in 60s");
			}
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			return new ToolResult(process.exitValue(), output);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Find a binary of Debian's {@code prometheus} package.
	 * @param name {@code prometheus} or {@code promtool}
	 * @return its path
	 * @throws IllegalStateException naming the package to install when it is missing
	 */
	static String binary(String name) {
		Stream<Path> candidates = Stream.concat(Stream.of(Path.of("/usr/bin")),
				Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
					.filter((entry) -> !entry.isBlank())
					.map(Path::of))
			.map((directory) -> directory.resolve(name));
		return candidates.filter(Files::isExecutable)
			.findFirst()
			.map(Path::toString)
			.orElseThrow(() -> new IllegalStateException(
					name + " is needed by the observability tests and is not installed: " + INSTALL));
	}

	private void awaitReady() {
		await().atMost(STARTUP).pollInterval(Duration.ofMillis(200)).failFast(() -> {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("Prometheus exited:\n" + this.process.logTail());
			}
		}).until(() -> {
			try {
				return this.http.get(this.url + "/-/ready").statusCode() == 200;
			}
			catch (RuntimeException ex) {
				return false;
			}
		});
	}

	/**
	 * Evaluate an instant query now.
	 * @param promql the query
	 * @return the result: {@code resultType} and {@code result}
	 * @throws IllegalArgumentException with Prometheus' error when the query is rejected
	 */
	JsonNode query(String promql) {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(this.url + "/api/v1/query"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(BodyPublishers.ofString("query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))));
		JsonNode body = Http.json(response);
		if (!"success".equals(body.path("status").asString())) {
			throw new IllegalArgumentException(
					body.path("errorType").asString() + ": " + body.path("error").asString());
		}
		return body.path("data");
	}

	/**
	 * Count the series (or the one scalar) a query returns now.
	 * @param promql the query
	 * @return how many series
	 */
	int seriesCount(String promql) {
		JsonNode data = query(promql);
		return "scalar".equals(data.path("resultType").asString()) ? 1 : data.path("result").size();
	}

	/**
	 * The values of a label on the series a query returns now.
	 * @param promql the query
	 * @param label the label
	 * @return its values, sorted
	 */
	Set<String> labelValues(String promql, String label) {
		Set<String> values = new TreeSet<>();
		query("group by (" + label + ") (" + promql + ")").path("result")
			.forEach((series) -> values.add(series.path("metric").path(label).asString()));
		values.remove("");
		return values;
	}

	/**
	 * Every metric name Prometheus holds.
	 * @return the names
	 */
	Set<String> metricNames() {
		JsonNode body = Http.json(this.http.get(this.url + "/api/v1/label/__name__/values"));
		Set<String> names = new TreeSet<>();
		body.path("data").forEach((name) -> names.add(name.asString()));
		return names;
	}

	/**
	 * The health of every active target, as {@code job instance_id instance: health}.
	 * @return one line per target
	 */
	List<String> targets() {
		List<String> targets = new ArrayList<>();
		Http.json(this.http.get(this.url + "/api/v1/targets")).path("data").path("activeTargets").forEach((target) -> {
			JsonNode labels = target.path("labels");
			targets.add(labels.path("job").asString() + " " + labels.path("instance_id").asString("") + " "
					+ labels.path("instance").asString() + ": " + target.path("health").asString() + " "
					+ target.path("lastError").asString(""));
		});
		return targets;
	}

	String logTail() {
		return this.process.logTail();
	}

	@Override
	public void close() {
		this.process.close();
	}

	/**
	 * What a command-line tool returned.
	 *
	 * @param exitCode its exit code
	 * @param output its standard output and error
	 */
	record ToolResult(int exitCode, String output) {

	}

}
