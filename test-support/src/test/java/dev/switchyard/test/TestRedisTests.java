package dev.switchyard.test;

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

	private static boolean refuses(TestRedis redis) {
		try {
			redis.command("PING");
			return false;
		}
		catch (java.io.UncheckedIOException ex) {
			return true;
		}
	}

}
