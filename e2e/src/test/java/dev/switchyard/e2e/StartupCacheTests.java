package dev.switchyard.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/startup-cache} when there can be no cache: a jar that is not a Spring Boot
 * jar starts as a plain jar, with a message, and is not tried again until it changes. The
 * cache itself is exercised by {@link BinClusterTests}, whose processes start from it.
 */
class StartupCacheTests {

	private static final Path ROOT = Path.of(System.getProperty("switchyard.root", "..")).toAbsolutePath().normalize();

	@TempDir
	Path module;

	@Test
	void shouldStartThePlainJarWithAMessageWhenNoCacheCanBeMadeAndNotTryAgain() throws IOException {
		Path jar = plainJar("1");

		Result first = run(Map.of(), jar);
		Result second = run(Map.of(), jar);

		assertThat(first.exitCode()).as(first.stderr()).isZero();
		assertThat(first.stdout().lines()).containsExactly("-jar", jar.toRealPath().toString());
		assertThat(first.stderr()).contains("creating the start-up cache for " + this.module.getFileName(),
				"could not create the start-up cache", "starting it from the jar");
		assertThat(second.stdout().lines()).containsExactly("-jar", jar.toRealPath().toString());
		assertThat(second.stderr()).contains("no start-up cache for " + this.module.getFileName())
			.doesNotContain("creating the start-up cache");
	}

	@Test
	void shouldTryAgainOnceTheJarHasChanged() throws IOException {
		Path jar = plainJar("1");
		run(Map.of(), jar);

		plainJar("2");
		Result again = run(Map.of(), jar);

		assertThat(again.stderr()).contains("creating the start-up cache");
	}

	@Test
	void shouldStartThePlainJarWithoutTrainingWhenTheCacheIsOff() throws IOException {
		Path jar = plainJar("1");

		Result off = run(Map.of("SWITCHYARD_STARTUP_CACHE", "off"), jar);

		assertThat(off.exitCode()).isZero();
		assertThat(off.stdout().lines()).containsExactly("-jar", jar.toRealPath().toString());
		assertThat(off.stderr()).isEmpty();
		assertThat(this.module.resolve("target/startup-cache")).doesNotExist();
	}

	@Test
	void shouldRefuseAnUnknownMode() throws IOException {
		Path jar = plainJar("1");

		Result wrong = run(Map.of("SWITCHYARD_STARTUP_CACHE", "sometimes"), jar);

		assertThat(wrong.exitCode()).isNotZero();
		assertThat(wrong.stderr()).contains("auto, off, aot or cds");
	}

	/**
	 * A jar with a manifest and no Spring Boot launcher, at
	 * MODULE/target/MODULE-1-exec.jar.
	 */
	private Path plainJar(String version) throws IOException {
		Path jar = Files.createDirectories(this.module.resolve("target"))
			.resolve(this.module.getFileName() + "-1-exec.jar");
		Manifest manifest = new Manifest();
		manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
		manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
		try (OutputStream out = Files.newOutputStream(jar);
				JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
			jarOut.flush();
		}
		return jar;
	}

	private Result run(Map<String, String> environment, Path jar) {
		List<String> command = new ArrayList<>(List.of(ROOT.resolve("bin/startup-cache").toString(), jar.toString()));
		command.add("-XX:+UseSerialGC");
		ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile());
		builder.environment().remove("SWITCHYARD_STARTUP_CACHE");
		builder.environment().putAll(environment);
		try {
			Path stdout = Files.createTempFile(this.module, "out", ".txt");
			Path stderr = Files.createTempFile(this.module, "err", ".txt");
			builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
			Process process = builder.start();
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("bin/startup-cache did not finish within 60 s");
			}
			return new Result(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private record Result(int exitCode, String stdout, String stderr) {
	}

}
