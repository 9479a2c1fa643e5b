package dev.switchyard.node.local;

import java.util.stream.IntStream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LocalCountersTests {

	@Test
	void shouldCountPerSession() {
		LocalCounters counters = new LocalCounters(new LocalCounterProperties(10));

		counters.increment("a");
		counters.increment("a");
		counters.increment("b");

		assertThat(counters.get("a")).isEqualTo(2);
		assertThat(counters.get("b")).isEqualTo(1);
		assertThat(counters.get("c")).isZero();
	}

	@Test
	void shouldForgetLeastRecentlyUsedSessionAtBound() {
		LocalCounters counters = new LocalCounters(new LocalCounterProperties(3));
		counters.increment("a");
		counters.increment("b");
		counters.increment("c");
		counters.increment("a");

		counters.increment("d");

		assertThat(counters.size()).isEqualTo(3);
		assertThat(counters.get("b")).isZero();
		assertThat(counters.get("a")).isEqualTo(2);
	}

	@Test
	void shouldStayBoundedWhateverTheNumberOfSessions() {
		LocalCounters counters = new LocalCounters(new LocalCounterProperties(100));

		IntStream.range(0, 10_000).forEach((i) -> counters.increment("session-" + i));

		assertThat(counters.size()).isEqualTo(100);
	}

	@Test
	void shouldPublishTheNumberOfSessionsWithACounter() {
		LocalCounters counters = new LocalCounters(new LocalCounterProperties(10));
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		counters.bindTo(registry);

		counters.increment("a");
		counters.increment("b");
		counters.increment("a");

		assertThat(registry.get("node.local.sessions").gauge().value()).isEqualTo(2);
	}

}
