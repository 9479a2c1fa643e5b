package dev.switchyard.node;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import dev.switchyard.test.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Freezes and resumes a Redis the test started, as an operator's {@code kill -STOP} and
 * {@code kill -CONT} would: its port stays open but nothing answers.
 */
final class RedisSignals {

	private RedisSignals() {
	}

	/**
	 * Freeze Redis.
	 * @param redis the Redis
	 */
	static void freeze(TestRedis redis) {
		send(redis, "STOP");
	}

	/**
	 * Resume a frozen Redis; a Redis that has exited is left alone.
	 * @param redis the Redis
	 */
	static void resume(TestRedis redis) {
		if (redis.process().isAlive()) {
			send(redis, "CONT");
		}
	}

	private static void send(TestRedis redis, String signal) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(redis.process().pid())).start();
			assertThat(kill.waitFor(5, TimeUnit.SECONDS)).isTrue();
			assertThat(kill.exitValue()).isZero();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not send SIG" + signal + " to Redis", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
