package dev.switchyard.gateway.console;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class RecentResponsesTests {

	@Test
	void shouldCountTheAnswersOfEachInstance() {
		RecentResponses recent = new RecentResponses(10);

		recent.record("node-a");
		recent.record("node-b");
		recent.record("node-a");

		RecentResponses.Snapshot snapshot = recent.snapshot();
		assertThat(snapshot.capacity()).isEqualTo(10);
		assertThat(snapshot.requests()).isEqualTo(3);
		assertThat(snapshot.answers()).containsOnly(entry("node-a", 2), entry("node-b", 1));
		assertThat(snapshot.answers("node-c")).isZero();
	}

	@Test
	void shouldForgetTheOldestAnswersOnceFull() {
		RecentResponses recent = new RecentResponses(100);

		for (int i = 0; i < 1000; i++) {
			recent.record("node-a");
		}
		for (int i = 0; i < 30; i++) {
			recent.record("node-b");
		}

		RecentResponses.Snapshot snapshot = recent.snapshot();
		assertThat(snapshot.requests()).isEqualTo(100);
		assertThat(snapshot.answers()).containsOnly(entry("node-a", 70), entry("node-b", 30));
	}

	@Test
	void shouldKeepEveryAnswerRecordedByThreadsAtOnce() throws InterruptedException {
		RecentResponses recent = new RecentResponses(1000);
		List<Thread> threads = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			String instanceId = "node-" + t;
			threads.add(Thread.ofPlatform().start(() -> {
				for (int i = 0; i < 200; i++) {
					recent.record(instanceId, i * 1_000L);
				}
			}));
		}

		for (Thread thread : threads) {
			thread.join(10_000);
		}

		RecentResponses.Snapshot snapshot = recent.snapshot();
		assertThat(snapshot.requests()).isEqualTo(800);
		assertThat(snapshot.answers()).containsOnly(entry("node-0", 200), entry("node-1", 200), entry("node-2", 200),
				entry("node-3", 200));
		assertThat(snapshot.latencies().get("node-2")).hasSize(200);
	}

	@Test
	void shouldBeEmptyBeforeTheFirstRequest() {
		RecentResponses recent = new RecentResponses(5);

		RecentResponses.Snapshot snapshot = recent.snapshot();

		assertThat(snapshot.requests()).isZero();
		assertThat(snapshot.answers()).isEmpty();
	}

	@Test
	void shouldGiveEachInstancesMedianAndNinetyNinthPercentile() {
		RecentResponses recent = new RecentResponses(1000);

		for (int i = 1; i <= 100; i++) {
			recent.record("node-a", i * 1_000_000L);
		}
		recent.record("node-b", 7_000_000L);
		recent.record("node-c");

		RecentResponses.Snapshot snapshot = recent.snapshot();
		assertThat(snapshot.latencyMillis("node-a", 50)).isEqualTo(50.0);
		assertThat(snapshot.latencyMillis("node-a", 99)).isEqualTo(99.0);
		assertThat(snapshot.latencyMillis("node-b", 99)).isEqualTo(7.0);
		assertThat(snapshot.latencyMillis("node-c", 50)).as("unknown latency").isZero();
		assertThat(snapshot.answers("node-c")).isEqualTo(1);
	}

}
