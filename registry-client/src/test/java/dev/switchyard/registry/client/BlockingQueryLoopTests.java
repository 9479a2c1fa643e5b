package dev.switchyard.registry.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BlockingQueryLoopTests {

	@Test
	void shouldAskFromTheLastIndexAndFromZeroAfterAFailure() {
		List<String> asked = new ArrayList<>();
		AtomicInteger rounds = new AtomicInteger();
		new BlockingQueryLoop("test", Duration.ofMillis(200), () -> rounds.get() >= 6,
				LogFactory.getLog(BlockingQueryLoopTests.class), (index, recovering) -> {
					int round = rounds.incrementAndGet();
					asked.add(index + (recovering ? " recovering" : ""));
					if (round == 3 || round == 4) {
						throw new RegistryClientException("down", 0, null);
					}
					return index + 10;
				})
			.run();
		assertThat(asked).containsExactly("0", "10", "20", "0 recovering", "0 recovering", "10");
	}

	@Test
	void shouldGoOnWhenApplyingAnAnswerFails() {
		AtomicInteger rounds = new AtomicInteger();
		new BlockingQueryLoop("test", Duration.ofMillis(200), () -> rounds.get() >= 3,
				LogFactory.getLog(BlockingQueryLoopTests.class), (index, recovering) -> {
					if (rounds.incrementAndGet() == 1) {
						throw new IllegalStateException("listener failed");
					}
					return index + 1;
				})
			.run();
		assertThat(rounds).hasValue(3);
	}

	@Test
	void shouldDoubleTheBackoffUpToItsLimit() {
		List<Long> starts = new ArrayList<>();
		new BlockingQueryLoop("test", Duration.ofMillis(200), () -> starts.size() >= 6,
				LogFactory.getLog(BlockingQueryLoopTests.class), (index, recovering) -> {
					starts.add(System.nanoTime());
					throw new RegistryClientException("down", 0, null);
				})
			.run();
		List<Long> gapsMillis = new ArrayList<>();
		for (int i = 1; i < starts.size(); i++) {
			gapsMillis.add(Duration.ofNanos(starts.get(i) - starts.get(i - 1)).toMillis());
		}
		// 100, 200, then the limit 200 each time; doubling on would make the last 1,600
		assertThat(gapsMillis.get(0)).isGreaterThanOrEqualTo(100L);
		assertThat(gapsMillis.subList(1, 5)).allSatisfy((gap) -> assertThat(gap).isGreaterThanOrEqualTo(200L));
		assertThat(gapsMillis.get(4)).isLessThan(1_000L);
	}

	@Test
	void shouldStopWhenInterrupted() throws InterruptedException {
		Thread thread = Thread.ofVirtual()
			.start(() -> new BlockingQueryLoop("test", Duration.ofSeconds(10), () -> false,
					LogFactory.getLog(BlockingQueryLoopTests.class), (index, recovering) -> {
						throw new RegistryClientException("down", 0, null);
					})
				.run());
		Thread.sleep(50);
		thread.interrupt();
		assertThat(thread.join(Duration.ofSeconds(5))).isTrue();
	}

}
