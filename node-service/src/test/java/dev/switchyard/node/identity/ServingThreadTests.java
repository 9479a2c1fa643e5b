package dev.switchyard.node.identity;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServingThreadTests {

	@Test
	void shouldUseNameOfNamedThread() {
		ServingThread thread = ServingThread.current();

		assertThat(thread.name()).isEqualTo(Thread.currentThread().getName());
		assertThat(thread.virtual()).isFalse();
	}

	@Test
	void shouldDescribeUnnamedVirtualThread() throws InterruptedException {
		AtomicReference<ServingThread> seen = new AtomicReference<>();

		boolean finished = Thread.ofVirtual()
			.start(() -> seen.set(ServingThread.current()))
			.join(Duration.ofSeconds(5));

		assertThat(finished).isTrue();
		assertThat(seen.get().virtual()).isTrue();
		assertThat(seen.get().name()).startsWith("VirtualThread");
	}

}
