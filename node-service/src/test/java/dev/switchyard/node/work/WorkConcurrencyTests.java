package dev.switchyard.node.work;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import dev.switchyard.node.NodeWebMvcTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No more requests burn CPU at once than {@code node.work.max-concurrent-cpu}: one more
 * is refused at once, not queued.
 */
@NodeWebMvcTest(WorkController.class)
@TestPropertySource(properties = "node.work.max-concurrent-cpu=1")
class WorkConcurrencyTests {

	@Autowired
	private MockMvcTester mvc;

	@Test
	void shouldRefuseCpuWorkBeyondTheLimitWith503() {
		CompletableFuture<MvcTestResult> burning = CompletableFuture
			.supplyAsync(() -> this.mvc.get().uri("/api/work?cpuMs=4000").exchange());

		MvcTestResult[] refused = new MvcTestResult[1];
		await().atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(20)).until(() -> {
			refused[0] = this.mvc.get().uri("/api/work?cpuMs=1").exchange();
			return refused[0].getResponse().getStatus() == 503;
		});
		MvcTestResult waitOnly = this.mvc.get().uri("/api/work?ioMs=1").exchange();

		assertThat(refused[0]).hasStatus(HttpStatus.SERVICE_UNAVAILABLE)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.hasHeader("Retry-After", "1");
		assertThat(refused[0]).bodyJson().extractingPath("$.title").isEqualTo("Too much work at once");
		assertThat(waitOnly).hasStatusOk();
		assertThat(burning.join()).hasStatusOk();
		assertThat(this.mvc.get().uri("/api/work?cpuMs=1").exchange()).hasStatusOk();
	}

}
