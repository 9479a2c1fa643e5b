package dev.switchyard.node;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import dev.switchyard.test.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Out-of-band interruption: a job runs on the node that took it, any node reports it, and
 * a cancellation sent to any node stops it on its owner.
 */
class JobsTests {

	private static final Duration PROMPTLY = Duration.ofSeconds(3);

	private static final TestRedis redis = TestRedis.start();

	private static final String PREFIX = "switchyard:jobs:test-" + UUID.randomUUID() + ":";

	private static ConfigurableApplicationContext nodeA;

	private static ConfigurableApplicationContext nodeB;

	private final NodeClient client = new NodeClient();

	@BeforeAll
	static void startNodes() {
		nodeA = startNode();
		nodeB = startNode();
	}

	@AfterAll
	static void stopNodesAndRedis() {
		nodeA.close();
		nodeB.close();
		redis.close();
	}

	@Test
	void shouldCancelJobThroughAnotherNode() {
		int a = Nodes.port(nodeA);
		int b = Nodes.port(nodeB);

		NodeClient.Response started = this.client.post(a, "/api/jobs", """
				{"durationMs":60000}""");
		String id = started.json("$.id");
		NodeClient.Response seenFromB = this.client.get(b, "/api/jobs/" + id);
		NodeClient.Response cancel = this.client.delete(b, "/api/jobs/" + id);

		assertThat(started.status()).isEqualTo(202);
		assertThat(started.header("Location")).isEqualTo("/api/jobs/" + id);
		assertThat(started.<String>json("$.state")).isEqualTo("RUNNING");
		assertThat(started.<String>json("$.instanceId")).isEqualTo(started.header("X-Instance-Id"));
		assertThat(seenFromB.status()).isEqualTo(200);
		assertThat(seenFromB.<String>json("$.state")).isEqualTo("RUNNING");
		assertThat(seenFromB.<String>json("$.owner")).isEqualTo(started.json("$.instanceId"));
		assertThat(seenFromB.<String>json("$.instanceId")).isNotEqualTo(started.json("$.instanceId"));
		assertThat(cancel.status()).isEqualTo(202);
		assertThat(cancel.<Boolean>json("$.cancelRequested")).isTrue();
		// A slice of the job is 10 s: only the control channel can stop it this soon.
		NodeClient.Response cancelled = await().atMost(PROMPTLY)
			.pollInterval(Duration.ofMillis(50))
			.until(() -> this.client.get(b, "/api/jobs/" + id), (job) -> "CANCELLED".equals(job.json("$.state")));
		assertThat(cancelled.<Integer>json("$.progress")).isLessThan(100);
		assertThat(Instant.parse(cancelled.json("$.finishedAt")))
			.isBefore(Instant.parse(started.json("$.createdAt")).plus(PROMPTLY.plusSeconds(1)));
		assertThat(this.client.get(a, "/actuator/prometheus").body())
			.containsPattern("node_jobs_finished_total\\{[^}]*state=\"CANCELLED\"[^}]*\\} [1-9]");
	}

	@Test
	void shouldStillCancelThroughAnotherNodeAfterSubscriptionsAreKilled() {
		int a = Nodes.port(nodeA);
		int b = Nodes.port(nodeB);
		String killed = redis.command("CLIENT KILL TYPE pubsub");

		String id = this.client.post(a, "/api/jobs", """
				{"durationMs":60000}""").json("$.id");
		NodeClient.Response cancelled = await().atMost(PROMPTLY).pollInterval(Duration.ofMillis(200)).until(() -> {
			this.client.delete(b, "/api/jobs/" + id);
			return this.client.get(b, "/api/jobs/" + id);
		}, (job) -> "CANCELLED".equals(job.json("$.state")));

		assertThat(killed).matches(":[1-9][0-9]*");
		assertThat(cancelled.<Integer>json("$.progress")).isLessThan(100);
	}

	@Test
	void shouldCompleteJobAndRefuseToCancelIt() {
		int a = Nodes.port(nodeA);
		int b = Nodes.port(nodeB);

		String id = this.client.post(a, "/api/jobs", """
				{"durationMs":200}""").json("$.id");
		NodeClient.Response completed = await().atMost(PROMPTLY)
			.pollInterval(Duration.ofMillis(50))
			.until(() -> this.client.get(b, "/api/jobs/" + id), (job) -> "COMPLETED".equals(job.json("$.state")));
		NodeClient.Response cancel = this.client.delete(b, "/api/jobs/" + id);

		assertThat(completed.<Integer>json("$.progress")).isEqualTo(100);
		assertThat(completed.<Integer>json("$.durationMs")).isEqualTo(200);
		assertThat(completed.<String>json("$.finishedAt")).isNotBlank();
		assertProblem(cancel, 409);
		assertThat(cancel.<String>json("$.title")).isEqualTo("Job already completed");
	}

	@Test
	void shouldAnswer204WhenJobIsCancelledAlready() {
		int a = Nodes.port(nodeA);
		String id = this.client.post(a, "/api/jobs", """
				{"durationMs":60000}""").json("$.id");
		this.client.delete(a, "/api/jobs/" + id);
		await().atMost(PROMPTLY)
			.pollInterval(Duration.ofMillis(50))
			.until(() -> this.client.get(a, "/api/jobs/" + id).json("$.state"), "CANCELLED"::equals);

		NodeClient.Response again = this.client.delete(Nodes.port(nodeB), "/api/jobs/" + id);

		assertThat(again.status()).isEqualTo(204);
	}

	@Test
	void shouldCancelRunningJobsWhenNodeShutsDown() {
		String id;
		try (ConfigurableApplicationContext leaving = startNode()) {
			id = this.client.post(Nodes.port(leaving), "/api/jobs", """
					{"durationMs":60000}""").json("$.id");
		}

		NodeClient.Response job = this.client.get(Nodes.port(nodeA), "/api/jobs/" + id);

		assertThat(job.<String>json("$.state")).isEqualTo("CANCELLED");
	}

	@Test
	void shouldReportJobOfSilentOwnerAsLost() {
		String id = UUID.randomUUID().toString();
		long longAgo = Instant.now().minusSeconds(60).toEpochMilli();
		redis.command(
				"HSET " + PREFIX + id + " id " + id + " owner node-gone state RUNNING progress 40 durationMs 600000"
						+ " createdAt " + longAgo + " updatedAt " + longAgo + " cancelRequested 0");

		NodeClient.Response job = this.client.get(Nodes.port(nodeA), "/api/jobs/" + id);

		assertThat(job.status()).isEqualTo(200);
		assertThat(job.<String>json("$.state")).isEqualTo("LOST");
		assertThat(job.<String>json("$.owner")).isEqualTo("node-gone");
		assertThat(job.<Integer>json("$.progress")).isEqualTo(40);
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET", "DELETE" })
	void shouldAnswer404ForUnknownJob(String method) {
		String unknown = "/api/jobs/" + UUID.randomUUID();
		String malformed = "/api/jobs/not-a-job";

		for (String path : new String[] { unknown, malformed }) {
			NodeClient.Response response = "GET".equals(method) ? this.client.get(Nodes.port(nodeB), path)
					: this.client.delete(Nodes.port(nodeB), path);
			assertProblem(response, 404);
			assertThat(response.<String>json("$.title")).isEqualTo("No such job");
		}
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			{"durationMs":0}        | must be greater than or equal to 1
			{"durationMs":-5}       | must be greater than or equal to 1
			{"durationMs":600001}   | must be less than or equal to 600000
			{}                      | must not be null
			{"durationMs":null}     | must not be null
			""")
	void shouldRejectDurationOutOfBounds(String body, String message) {
		NodeClient.Response response = this.client.post(Nodes.port(nodeA), "/api/jobs", body);

		assertProblem(response, 400);
		assertThat(response.<String>json("$.errors[0].field")).isEqualTo("durationMs");
		assertThat(response.<String>json("$.errors[0].message")).isEqualTo(message);
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"durationMs\":\"soon\"}", "{\"durationMs\":[1]}", "not json", "" })
	void shouldRejectBodyThatIsNotADuration(String body) {
		NodeClient.Response response = this.client.post(Nodes.port(nodeA), "/api/jobs", body);

		assertProblem(response, 400);
	}

	@Test
	void shouldAcceptLongestJob() {
		NodeClient.Response started = this.client.post(Nodes.port(nodeA), "/api/jobs", """
				{"durationMs":600000}""");
		this.client.delete(Nodes.port(nodeA), "/api/jobs/" + started.json("$.id"));

		assertThat(started.status()).isEqualTo(202);
		assertThat(started.<Integer>json("$.durationMs")).isEqualTo(600000);
	}

	private static void assertProblem(NodeClient.Response response, int status) {
		assertThat(response.status()).isEqualTo(status);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.<Integer>json("$.status")).isEqualTo(status);
		assertThat(response.<String>json("$.instanceId")).isEqualTo(response.header("X-Instance-Id"));
	}

	private static ConfigurableApplicationContext startNode() {
		return Nodes.start(redis.url(), "node.jobs.key-prefix=" + PREFIX,
				"node.jobs.control-channel=" + PREFIX + "control", "node.jobs.slice=10s");
	}

}
