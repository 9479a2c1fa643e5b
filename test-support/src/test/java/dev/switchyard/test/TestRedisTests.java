package dev.switchyard.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TestRedisTests {

	@Test
	void shouldStartARedisThatAnswersCommands() {
		try (TestRedis redis = TestRedis.start()) {

			String pong = redis.command("PING");
			redis.command("SET switchyard:test 42");

			assertThat(pong).isEqualTo("+PONG");
			assertThat(redis.command("GET switchyard:test")).isEqualTo("$2");
			assertThat(redis.url()).startsWith("redis://");
		}
	}

	@Test
	void shouldStartItsOwnRedisEvenWhenTheEnvironmentNamesOne() throws Exception {
		String fromEnvironment = System.getenv("REDIS_URL");

		try (TestRedis redis = TestRedis.start()) {

			assertThat(fromEnvironment).as("surefire exports REDIS_URL for this test").isNotBlank();
			assertThat(redis.url()).isNotEqualTo(fromEnvironment);
			assertThat(redis.port()).isNotEqualTo(6379);
			assertThat(serverInfo(redis)).contains("process_id:" + redis.process().pid() + "\r\n");
		}
	}

	@Test
	void shouldKeepWhatItsAppendOnlyFileHeldWhenKilledAndRestarted() {
		try (TestRedis redis = TestRedis.startDurable()) {
			redis.command("SET switchyard:durable 42");
			long firstPid = redis.process().pid();

			redis.kill();
			boolean refusedWhileDown = refuses(redis);
			redis.restart();

			assertThat(refusedWhileDown).isTrue();
			assertThat(redis.process().pid()).isNotEqualTo(firstPid);
			assertThat(redis.command("GET switchyard:durable")).isEqualTo("$2");
		}
	}

	@Test
	void shouldAnswerNothingWhileFrozenAndAgainWhenResumed() {
		try (TestRedis redis = TestRedis.startDurable()) {

			redis.freeze();
			boolean refusedWhileFrozen = refuses(redis);
			redis.resume();

			assertThat(refusedWhileFrozen).isTrue();
			assertThat(redis.command("PING")).isEqualTo("+PONG");
		}
	}

	@Test
	void shouldRemoveItsDirectoryWhenClosed() {
		Path directory;
		try (TestRedis redis = TestRedis.startDurable()) {
			redis.command("SET switchyard:durable 42");
			directory = redis.directory();
			assertThat(directory.resolve("redis.log")).exists();
		}

		assertThat(directory).doesNotExist();
	}

	private static String serverInfo(TestRedis redis) throws IOException {
		try (Socket socket = new Socket(redis.host(), redis.port())) {
			socket.setSoTimeout(2000);
			socket.getOutputStream().write("INFO server\r\n".getBytes(StandardCharsets.US_ASCII));
			InputStream in = socket.getInputStream();
			StringBuilder header = new StringBuilder();
			int c;
			while ((c = in.read()) != '\n') {
				header.append((char) c);
			}
			int length = Integer.parseInt(header.toString().trim().substring(1));
			return new String(in.readNBytes(length), StandardCharsets.US_ASCII);
		}
	}

	private static boolean refuses(TestRedis redis) {
		try {
			redis.command("PING");
			return false;
		}
		catch (UncheckedIOException ex) {
			return true;
		}
	}

}
