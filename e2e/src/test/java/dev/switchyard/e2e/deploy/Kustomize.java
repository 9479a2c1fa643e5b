package dev.switchyard.e2e.deploy;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.switchyard.test.TempDirectories;

/**
 * Renders the kustomize overlays of {@code k8s/} with {@code kubectl kustomize}, which
 * only reads files and never talks to a cluster.
 * <p>
 * Rendering happens in a copy of the directories that the overlays read ({@code k8s/},
 * {@code prometheus/}, {@code grafana/}), so that an overlay's git-ignored
 * {@code secrets.env} is never read (nor needed): the copy gets one with throw-away
 * values for the keys of its {@code secrets.env.example}.
 */
final class Kustomize {

	static final Path ROOT = Path.of(System.getProperty("switchyard.root", "..")).toAbsolutePath().normalize();

	static final String SECRETS_FILE = "secrets.env";

	private static final List<String> INPUT_DIRECTORIES = List.of("k8s", "prometheus", "grafana");

	private static final Pattern KUSTOMIZE_VERSION = Pattern.compile("Kustomize Version: v(\\d+)\\.");

	private static final Map<String, Manifests> rendered = new ConcurrentHashMap<>();

	private static volatile Path workingCopy;

	private Kustomize() {
	}

	/**
	 * The overlays, one per directory of {@code k8s/overlays}.
	 */
	static List<String> overlays() {
		try (Stream<Path> entries = Files.list(ROOT.resolve("k8s/overlays"))) {
			return entries.filter(Files::isDirectory).map((path) -> path.getFileName().toString()).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The rendered objects of an overlay, rendered once per test run.
	 */
	static Manifests render(String overlay) {
		return rendered.computeIfAbsent(overlay,
				(name) -> Manifests.parse(name, build(workingCopy().resolve("k8s/overlays").resolve(name))));
	}

	/**
	 * Runs {@code kubectl kustomize} on a directory.
	 * @throws KustomizeException if kustomize refuses the directory
	 */
	static String build(Path directory) {
		Result result = kubectl("kustomize", directory.toString());
		if (result.exitCode() != 0) {
			throw new KustomizeException(directory, result.stderr());
		}
		return result.stdout();
	}

	/**
	 * A fresh copy of the inputs of the overlays, with a {@code secrets.env} made from
	 * each {@code secrets.env.example} when {@code withSecrets} is set.
	 */
	static Path copyInputs(boolean withSecrets) {
		try {
			Path copy = Files.createTempDirectory("switchyard-k8s-");
			deleteOnExit(copy);
			for (String name : INPUT_DIRECTORIES) {
				Path source = ROOT.resolve(name);
				if (Files.isDirectory(source)) {
					copyTree(source.toRealPath(), copy.resolve(name));
				}
			}
			if (withSecrets) {
				writeThrowAwaySecrets(copy.resolve("k8s"));
			}
			return copy;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Path workingCopy() {
		if (workingCopy == null) {
			synchronized (Kustomize.class) {
				if (workingCopy == null) {
					requireKustomizeV5();
					workingCopy = copyInputs(true);
				}
			}
		}
		return workingCopy;
	}

	private static void requireKustomizeV5() {
		Result version = kubectl("version", "--client");
		Matcher matcher = KUSTOMIZE_VERSION.matcher(version.stdout());
		if (version.exitCode() != 0 || !matcher.find() || Integer.parseInt(matcher.group(1)) < 5) {
			throw new IllegalStateException("""
					kubectl with kustomize v5 or later is needed to render k8s/overlays offline, found:
					%s%s
					Install a current kubectl (1.27 or later): the 'kubectl' package of the Kubernetes apt
					repository (pkgs.k8s.io) or of the Google Cloud SDK one, or the binary described at
					https://kubernetes.io/docs/tasks/tools/ on the PATH. Debian's own 'kubernetes-client'
					(1.20) is too old.""".formatted(version.stdout(), version.stderr()));
		}
	}

	private static Result kubectl(String... arguments) {
		List<String> command = Stream.concat(Stream.of(kubectlExecutable()), Stream.of(arguments)).toList();
		Path errors = null;
		try {
			errors = Files.createTempFile("kubectl-", ".err");
			Process process;
			try {
				process = new ProcessBuilder(command).directory(ROOT.toFile())
					.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
					.redirectError(errors.toFile())
					.start();
			}
			catch (IOException ex) {
				throw new IllegalStateException("""
						kubectl is needed to render k8s/overlays offline (these tests never contact a cluster).
						Install kubectl 1.27 or later: the 'kubectl' package of the Kubernetes apt repository
						(pkgs.k8s.io) or of the Google Cloud SDK one, or the binary described at
						https://kubernetes.io/docs/tasks/tools/ on the PATH (or set KUBECTL to its path).""", ex);
			}
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("kubectl %s did not finish within 30 s".formatted(arguments[0]));
			}
			return new Result(process.exitValue(), output, Files.readString(errors));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		finally {
			if (errors != null) {
				errors.toFile().delete();
			}
		}
	}

	private static String kubectlExecutable() {
		String configured = System.getenv("KUBECTL");
		return (configured != null && !configured.isBlank()) ? configured : "kubectl";
	}

	private static void copyTree(Path source, Path target) throws IOException {
		try (Stream<Path> paths = Files.walk(source)) {
			for (Path path : paths.toList()) {
				Path destination = target.resolve(source.relativize(path).toString());
				if (Files.isDirectory(path)) {
					Files.createDirectories(destination);
				}
				else if (!path.getFileName().toString().equals(SECRETS_FILE)) {
					Files.copy(path, destination);
				}
			}
		}
	}

	private static void writeThrowAwaySecrets(Path k8s) throws IOException {
		try (Stream<Path> paths = Files.walk(k8s)) {
			for (Path example : paths.filter((path) -> path.getFileName().toString().equals(SECRETS_FILE + ".example"))
				.toList()) {
				StringBuilder secrets = new StringBuilder();
				for (String key : envFileKeys(example)) {
					secrets.append(key).append("=rendered-by-the-tests-").append(key.toLowerCase()).append('\n');
				}
				Files.writeString(example.resolveSibling(SECRETS_FILE), secrets);
			}
		}
	}

	/**
	 * The keys of an env file such as {@code secrets.env.example}.
	 */
	static List<String> envFileKeys(Path envFile) throws IOException {
		return Files.readAllLines(envFile)
			.stream()
			.map(String::strip)
			.filter((line) -> !line.isEmpty() && !line.startsWith("#") && line.contains("="))
			.map((line) -> line.substring(0, line.indexOf('=')))
			.toList();
	}

	private static void deleteOnExit(Path directory) {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> TempDirectories.delete(directory)));
	}

	private record Result(int exitCode, String stdout, String stderr) {

	}

	/**
	 * Kustomize refused to render a directory.
	 */
	static final class KustomizeException extends RuntimeException {

		KustomizeException(Path directory, String stderr) {
			super("kubectl kustomize %s failed:%n%s".formatted(directory, stderr));
		}

	}

}
