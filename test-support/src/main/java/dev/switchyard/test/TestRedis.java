package dev.switchyard.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Redis for tests: always a {@code redis-server} of its own, started on a free
 * loopback port in a directory of its own, never a Redis the environment names
 * ({@code REDIS_URL} is ignored: tests flush and kill their Redis, and must not do that
 * to a user's). Fails with a message saying how to get the binary when there is none, so
 * a test that needs Redis is never skipped silently.
 */
public final class TestRedis implements AutoCloseable {

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);

	private final String host;

	private final int port;

	private volatile Process process;

	private final Path directory;

	private final List<String> command;

	private TestRedis(String host, int port, Process process, Path directory, List<String> command) {
		this.host = host;
		this.port = port;
		this.process = process;
		this.directory = directory;
		this.command = command;
	}

	/**
	 * Start a private {@code redis-server} on a free loopback port, without persistence.
	 * {@code REDIS_URL} is deliberately not consulted.
	 * @return a running Redis that this object owns
	 */
	public static TestRedis start() {
		Path binary = findRedisServer();
		if (binary == null) {
			throw new IllegalStateException("These tests need a real Redis of their own and no redis-server binary "
					+ "was found on the PATH: apt-get install -y redis-server (or brew install redis). "
					+ "REDIS_URL is not used: tests flush the Redis they use.");
		}
		return startServer(binary, false);
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
					List.copyOf(command));
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
	 * @return the log
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
	 * Return the directory of this Redis (its logs and append-only file); it is removed
	 * on {@link #close()}.
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
	 * Remove every key, so that tests sharing this Redis do not see each other's data;
	 * only ever this object's own {@code redis-server}.
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
			if (!this.process.isAlive()) {
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
		if (!this.process.isAlive()) {
			TempDirectories.delete(this.directory);
		}
	}

}
