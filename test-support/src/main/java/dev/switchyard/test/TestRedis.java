package dev.switchyard.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Redis for tests: {@code REDIS_URL} when set, else a {@code redis-server} binary
 * started on a free loopback port, else a Testcontainers container; fails with a message
 * saying how to get one when none is available, so a test that needs Redis is never
 * skipped silently.
 */
public final class TestRedis implements AutoCloseable {

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);

	private final String host;

	private final int port;

	private volatile Process process;

	private final Path directory;

	private final List<String> command;

	private final AutoCloseable container;

	private TestRedis(String host, int port, Process process, Path directory, List<String> command,
			AutoCloseable container) {
		this.host = host;
		this.port = port;
		this.process = process;
		this.directory = directory;
		this.command = command;
		this.container = container;
	}

	/**
	 * Obtain a Redis, the first of {@code REDIS_URL}, a local {@code redis-server} binary
	 * or a Testcontainers container.
	 * @return a running Redis
	 */
	public static TestRedis start() {
		String url = System.getenv("REDIS_URL");
		if (url != null && !url.isBlank()) {
			URI uri = URI.create(url);
			return new TestRedis(uri.getHost(), (uri.getPort() != -1) ? uri.getPort() : 6379, null, null, null, null);
		}
		Path binary = findRedisServer();
		if (binary != null) {
			return startServer(binary, false);
		}
		TestRedis containerised = startContainer();
		if (containerised != null) {
			return containerised;
		}
		throw new IllegalStateException("These tests need a real Redis and none was found. Either set REDIS_URL "
				+ "(redis://host:port), or install redis-server (apt-get install -y redis-server), "
				+ "or run a Docker engine so that Testcontainers can start one.");
	}

	/**
	 * Start a private {@code redis-server} with an append-only file in its own directory,
	 * for tests that kill and restart Redis.
	 * @return a running Redis that this object owns
	 */
	public static TestRedis startDurable() {
		Path binary = findRedisServer();
		if (binary == null) {
			throw new IllegalStateException(
					"This test kills and restarts Redis, so it needs the redis-server binary: apt-get install -y redis-server");
		}
		return startServer(binary, true);
	}

	private static Path findRedisServer() {
		String path = System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/usr/local/bin:/usr/sbin";
		for (String dir : path.split(":")) {
			if (!dir.isEmpty()) {
				Path candidate = Path.of(dir, "redis-server");
				if (Files.isExecutable(candidate)) {
					return candidate;
				}
			}
		}
		return null;
	}

	private static TestRedis startServer(Path binary, boolean durable) {
		try {
			Path directory = Files.createTempDirectory("switchyard-redis");
			int port = FreePorts.find();
			List<String> command = new ArrayList<>(List.of(binary.toString(), "--port", String.valueOf(port), "--bind",
					"127.0.0.1", "--save", "", "--dir", directory.toString(), "--daemonize", "no", "--logfile",
					directory.resolve("redis.log").toString()));
			command.addAll(durable ? List.of("--appendonly", "yes", "--appendfsync", "always")
					: List.of("--appendonly", "no"));
			TestRedis redis = new TestRedis("127.0.0.1", port, launch(command, directory), directory,
					List.copyOf(command), null);
			redis.awaitPing(STARTUP_TIMEOUT);
			return redis;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + binary, ex);
		}
	}

	private static Process launch(List<String> command, Path directory) throws IOException {
		return new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("redis.out").toFile()))
			.start();
	}

	private static TestRedis startContainer() {
		try {
			Class<?> type = Class.forName("org.testcontainers.containers.GenericContainer");
			Object container = type.getConstructor(String.class).newInstance("redis:7.4-alpine");
			type.getMethod("withExposedPorts", Integer[].class).invoke(container, (Object) new Integer[] { 6379 });
			type.getMethod("start").invoke(container);
			String host = (String) type.getMethod("getHost").invoke(container);
			int port = (Integer) type.getMethod("getMappedPort", int.class).invoke(container, 6379);
			return new TestRedis(host, port, null, null, null, (AutoCloseable) container);
		}
		catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
			return null;
		}
	}

	/**
	 * Return the host Redis listens on.
	 * @return the host
	 */
	public String host() {
		return this.host;
	}

	/**
	 * Return the port Redis listens on.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Return the server's log file, for a test that reads what it wrote.
	 * @return the log, or {@code null} for a Redis in a container
	 */
	public Path log() {
		return (this.directory != null) ? this.directory.resolve("redis.log") : null;
	}

	/**
	 * Return the {@code redis://host:port} URL of this Redis.
	 * @return the URL
	 */
	public String url() {
		return "redis://" + this.host + ":" + this.port;
	}

	/**
	 * Return the directory of a Redis that this object started (its logs and append-only
	 * file), or {@code null}; it is removed on {@link #close()}.
	 * @return the directory
	 */
	Path directory() {
		return this.directory;
	}

	/**
	 * Return the process of a Redis that this object started, for tests that signal it.
	 * @return the process
	 */
	public Process process() {
		if (this.process == null) {
			throw new IllegalStateException("This Redis was not started by the test (REDIS_URL or a container)");
		}
		return this.process;
	}

	/**
	 * Freeze Redis as an operator's {@code kill -STOP} would: its port stays open but
	 * nothing answers.
	 */
	public void freeze() {
		signal("STOP");
	}

	/**
	 * Resume a frozen Redis ({@code kill -CONT}); a Redis that has exited is left alone.
	 */
	public void resume() {
		if (process().isAlive()) {
			signal("CONT");
		}
	}

	/**
	 * Kill Redis with SIGKILL and wait for it to exit: it gets no chance to save
	 * anything, so what survives is what its append-only file already held.
	 */
	public void kill() {
		Process redis = process();
		redis.destroyForcibly();
		try {
			if (!redis.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
				throw new IllegalStateException("redis-server (pid " + redis.pid() + ") did not exit after SIGKILL");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Start Redis again after {@link #kill()}, on the same port and in the same
	 * directory, so that a durable Redis loads its append-only file.
	 */
	public void restart() {
		if (this.command == null) {
			throw new IllegalStateException("This Redis was not started by the test (REDIS_URL or a container)");
		}
		if (this.process.isAlive()) {
			throw new IllegalStateException("Redis is still running; kill() it first");
		}
		try {
			this.process = launch(this.command, this.directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not restart " + this.command.get(0), ex);
		}
		awaitPing(STARTUP_TIMEOUT);
	}

	private void signal(String signal) {
		long pid = process().pid();
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true)
				.start();
			if (!kill.waitFor(5, java.util.concurrent.TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not send SIG" + signal + " to Redis", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Remove every key, so that tests sharing a Redis do not see each other's data.
	 */
	public void flushAll() {
		command("FLUSHALL");
	}

	/**
	 * Send one inline command and return the first line of the reply.
	 * @param command the command, e.g. {@code PING}
	 * @return the reply's first line
	 */
	public String command(String command) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(this.host, this.port), 1000);
			socket.setSoTimeout(2000);
			OutputStream out = socket.getOutputStream();
			out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
			out.flush();
			InputStream in = socket.getInputStream();
			StringBuilder line = new StringBuilder();
			int c;
			while ((c = in.read()) != -1 && c != '\n') {
				if (c != '\r') {
					line.append((char) c);
				}
			}
			return line.toString();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Redis at " + url() + " did not answer " + command, ex);
		}
	}

	private void awaitPing(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		RuntimeException last = null;
		while (System.nanoTime() < deadline) {
			if (this.process != null && !this.process.isAlive()) {
				throw new IllegalStateException("redis-server exited with " + this.process.exitValue() + "; see "
						+ this.directory.resolve("redis.out"));
			}
			try {
				if ("+PONG".equals(command("PING"))) {
					return;
				}
			}
			catch (RuntimeException ex) {
				last = ex;
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for Redis", ex);
			}
		}
		throw new IllegalStateException("Redis at " + url() + " did not answer PING within " + timeout, last);
	}

	@Override
	public void close() {
		if (this.process != null) {
			this.process.destroy();
			try {
				if (!this.process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
					this.process.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.process.destroyForcibly();
			}
		}
		if (this.container != null) {
			try {
				this.container.close();
			}
			catch (Exception ex) {
				// the container is going away with the JVM anyway
			}
		}
		if (this.directory != null && (this.process == null || !this.process.isAlive())) {
			TempDirectories.delete(this.directory);
		}
	}

}
