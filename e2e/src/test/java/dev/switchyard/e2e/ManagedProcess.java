package dev.switchyard.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One application process started by a test, with its log file, stopped by PID only.
 */
public final class ManagedProcess implements AutoCloseable {

	private final String name;

	private final Process process;

	private final Path log;

	private ManagedProcess(String name, Process process, Path log) {
		this.name = name;
		this.process = process;
		this.log = log;
	}

	public static ManagedProcess start(String name, List<String> command, Map<String, String> environment, Path logs) {
		try {
			Files.createDirectories(logs);
			Path log = logs.resolve(name + ".log");
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
			builder.environment().putAll(environment);
			return new ManagedProcess(name, builder.start(), log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + name, ex);
		}
	}

	String name() {
		return this.name;
	}

	/**
	 * Append the process's threads ({@code jcmd PID Thread.print}, the JDK running the
	 * tests) to its log, for a process that stopped answering; at most 30 s.
	 */
	public void appendThreadDump() {
		Path launcher = Path.of(ProcessHandle.current().info().command().orElse("java"));
		Path jcmd = (launcher.getParent() != null) ? launcher.getParent().resolve("jcmd") : Path.of("jcmd");
		try {
			Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(this.process.pid()), "Thread.print")
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()))
				.start();
			if (!dump.waitFor(30, TimeUnit.SECONDS)) {
				dump.destroyForcibly();
			}
		}
		catch (IOException ex) {
			// the dump is a diagnostic: the caller reports the failure itself
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	long pid() {
		return this.process.pid();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/** SIGTERM: a graceful stop. */
	public void terminate() {
		this.process.destroy();
	}

	/** SIGKILL: the process gets no chance to clean up. */
	public void kill() {
		this.process.destroyForcibly();
	}

	public boolean awaitExit(long seconds) {
		try {
			return this.process.waitFor(seconds, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Return whether the process's log holds a text.
	 * @param text the text
	 * @return {@code true} if a line of the log contains it
	 */
	public boolean logContains(String text) {
		try (java.util.stream.Stream<String> lines = Files.lines(this.log)) {
			return lines.anyMatch((line) -> line.contains(text));
		}
		catch (IOException | java.io.UncheckedIOException ex) {
			return false;
		}
	}

	public String logTail() {
		try {
			List<String> lines = Files.readAllLines(this.log);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			terminate();
			if (!awaitExit(30)) {
				kill();
				awaitExit(10);
			}
		}
	}

	@Override
	public String toString() {
		return this.name + " (pid " + this.process.pid() + ")";
	}

}
