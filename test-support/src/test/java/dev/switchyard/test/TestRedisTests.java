package dev.switchyard.test;

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

}
