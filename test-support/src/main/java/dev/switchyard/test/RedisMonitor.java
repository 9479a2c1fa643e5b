package dev.switchyard.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Watches the commands a Redis server runs ({@code MONITOR}), to count the round trips a
 * piece of code makes: {@link #commandsDuring(Runnable)} returns the commands that
 * clients sent while it ran, not those a script ran for them.
 */
public final class RedisMonitor implements AutoCloseable {

	/**
	 * {@code +1700000000.123456 [0 127.0.0.1:54321] "EVALSHA" "…"}; a script's own say
	 * {@code [0 lua]}.
	 */
	private static final Pattern LINE = Pattern.compile("^\\+\\d+\\.\\d+ \\[\\d+ ([^\\]]+)\\] \"([^\"]*)\"(.*)$");

	private final TestRedis redis;

	private final Socket socket;

	private final List<String> lines = new ArrayList<>();

	private final Thread reader;

	private RedisMonitor(TestRedis redis, Socket socket) {
		this.redis = redis;
		this.socket = socket;
		this.reader = Thread.ofPlatform().daemon().name("redis-monitor").start(this::read);
	}

	/**
	 * Start watching a Redis server.
	 * @param redis the server
	 * @return the monitor, to close
	 */
	public static RedisMonitor start(TestRedis redis) {
		try {
			Socket socket = new Socket();
			socket.connect(new InetSocketAddress(redis.host(), redis.port()), 1000);
			OutputStream out = socket.getOutputStream();
			out.write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			return new RedisMonitor(redis, socket);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot monitor Redis at " + redis.url(), ex);
		}
	}

	/**
	 * Run something and return the commands clients sent meanwhile that mention a text (a
	 * key's prefix, say), in the order Redis ran them, as their names followed by their
	 * arguments.
	 * @param action what to run
	 * @param mentioning the text the commands must contain
	 * @return the commands, one string each
	 */
	public List<String> commandsDuring(Runnable action, String mentioning) {
		String begin = "monitor-begin-" + UUID.randomUUID();
		String end = "monitor-end-" + UUID.randomUUID();
		this.redis.command("ECHO " + begin);
		action.run();
		this.redis.command("ECHO " + end);
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (System.nanoTime() < deadline) {
			List<String> seen = snapshot();
			int from = indexOf(seen, begin);
			int to = indexOf(seen, end);
			if (from >= 0 && to > from) {
				List<String> commands = new ArrayList<>();
				for (String line : seen.subList(from + 1, to)) {
					Matcher matcher = LINE.matcher(line);
					if (matcher.matches() && !"lua".equals(matcher.group(1)) && line.contains(mentioning)) {
						commands.add(matcher.group(2).toUpperCase() + matcher.group(3));
					}
				}
				return commands;
			}
			sleep();
		}
		throw new IllegalStateException("MONITOR did not show the end marker within 5 s");
	}

	private static int indexOf(List<String> lines, String marker) {
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).contains(marker)) {
				return i;
			}
		}
		return -1;
	}

	private List<String> snapshot() {
		synchronized (this.lines) {
			return new ArrayList<>(this.lines);
		}
	}

	private void read() {
		try (BufferedReader in = new BufferedReader(
				new InputStreamReader(this.socket.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = in.readLine()) != null) {
				synchronized (this.lines) {
					this.lines.add(line);
				}
			}
		}
		catch (IOException ex) {
			// closed
		}
	}

	private static void sleep() {
		try {
			Thread.sleep(10);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		try {
			this.socket.close();
			this.reader.join(2000);
		}
		catch (IOException ex) {
			// closing anyway
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
