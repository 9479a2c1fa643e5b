package dev.switchyard.e2e;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import dev.switchyard.e2e.MixedLoad.Kind;
import dev.switchyard.e2e.MixedLoad.Outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fault suite: real faults on real processes, each under continuous traffic from
 * several client threads (idempotent reads and non-idempotent cart writes through the
 * gateway), with what the clients saw written to {@code docs/RELIABILITY.md}'s table.
 * Every acknowledged cart item is read back after each fault.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReliabilityTests {

	private static final int READERS = 3;

	private static final int SHOPPERS = 2;

	/**
	 * How fast a session call must fail while Redis is gone: the nodes' Redis timeout is
	 * 500 ms, a session load takes at most two commands, and the gateway and a loaded
	 * machine add the rest.
	 */
	private static final Duration FAIL_FAST = Duration.ofMillis(2000);

	private static final List<String> NODES = List.of("node-1", "node-2", "node-3");

	private final ReliabilityReport report = new ReliabilityReport();

	private LocalCluster cluster;

	@BeforeAll
	void startCluster() {
		this.cluster = LocalCluster.startWithDurableRedis(3);
	}

	@AfterAll
	void stopCluster() {
		if (this.cluster != null) {
			this.cluster.close();
		}
		this.report.write(Path.of(System.getProperty("user.dir")));
	}

	@Test
	@Order(1)
	void shouldFailNoRequestDuringARollingRestartOfEveryNode() {
		List<Long> perNode = new ArrayList<>();
		Figures figures;
		CartCheck carts;
		Duration roll;
		try (MixedLoad load = startLoad()) {
			long began = System.nanoTime();
			for (String node : NODES) {
				long stopped = System.nanoTime();

				this.cluster.node(node).terminate();
				assertThat(this.cluster.node(node).awaitExit(60)).as(node + " exits after SIGTERM").isTrue();
				this.cluster.startNode(node);
				this.cluster.awaitUpNodes(3);

				perNode.add(millisSince(stopped));
				await().atMost(Duration.ofSeconds(30))
					.until(() -> load.count(stopped, (outcome) -> node.equals(outcome.servedBy())) >= 5);
			}
			roll = Duration.ofNanos(System.nanoTime() - began);
			settle(load);
			figures = Figures.of(load, began);
			carts = verifyCarts(load);
		}
		this.report.add(figures.row(Scenario.ROLLING_RESTART, roll,
				"recovery: the whole roll; each node's SIGTERM → its successor UP: " + perNode + " ms", carts));

		assertThat(figures.failedReads()).as("reads that failed").isEmpty();
		assertThat(figures.failedWrites()).as("writes that failed").isEmpty();
		assertThat(carts.lost()).as("acknowledged cart items lost").isEmpty();
	}

	@Test
	@Order(2)
	void shouldFailOnlyWritesInFlightOnANodeKilledWithSigkill() {
		long markedDown;
		Duration down;
		Figures figures;
		CartCheck carts;
		try (MixedLoad load = startLoad()) {
			long began = System.nanoTime();
			await().atMost(Duration.ofSeconds(30))
				.until(() -> load.count(began, (outcome) -> "node-2".equals(outcome.servedBy())) >= 20);
			long before = System.nanoTime();

			this.cluster.node("node-2").kill();

			await().atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(20))
				.until(() -> !this.cluster.upInstanceIds().contains("node-2"));
			markedDown = System.nanoTime();
			down = Duration.ofNanos(markedDown - before);
			settle(load);
			figures = Figures.of(load, began);
			carts = verifyCarts(load);
		}
		this.report
			.add(figures.row(Scenario.NODE_KILLED, down,
					"recovery: SIGKILL → DOWN in the registry (active check); reads retried on another node; "
							+ "failed writes: sent to the killed node before it was known dead (502 naming it)",
					carts));
		this.cluster.startNode("node-2");
		this.cluster.awaitUpNodes(3);

		assertThat(figures.failedReads()).as("idempotent requests that failed").isEmpty();
		// A write fails only if the gateway had already sent it to node-2: in flight at
		// the
		// kill, or written to a pooled connection whose close the gateway had not yet
		// read.
		assertThat(figures.failedWrites()).as("only writes sent to node-2 before it was known dead")
			.hasSizeLessThanOrEqualTo(2 * SHOPPERS)
			.allSatisfy((failure) -> {
				assertThat(failure.status()).as(failure.toString()).isEqualTo(502);
				assertThat(failure.failedInstance()).as(failure.toString()).isEqualTo("node-2");
				assertThat(failure.start()).as("sent before node-2 was DOWN: " + failure).isLessThan(markedDown);
			});
		assertThat(down).isLessThanOrEqualTo(Duration.ofMillis(1500));
		assertThat(carts.lost()).isEmpty();
	}

	@Test
	@Order(3)
	void shouldFailSessionCallsFastWhileRedisIsFrozenAndRecoverOnItsOwn() throws InterruptedException {
		Figures figures;
		CartCheck carts;
		long resumed;
		try (MixedLoad load = startLoad()) {
			long began = System.nanoTime();

			this.cluster.redis().freeze();
			Thread.sleep(Duration.ofSeconds(10));
			this.cluster.redis().resume();

			resumed = System.nanoTime();
			awaitWriteAcknowledgedAfter(load, resumed);
			settle(load);
			figures = Figures.of(load, began);
			carts = verifyCarts(load);
		}
		this.report.add(figures.row(Scenario.REDIS_FROZEN, figures.firstWriteAfter(resumed),
				"recovery: SIGCONT → the first acknowledged write; reads unaffected; writes answered 503 problem+json within "
						+ figures.slowestFailure().toMillis() + " ms",
				carts));

		assertRedisOutage(figures, carts, resumed);
	}

	@Test
	@Order(4)
	void shouldKeepEveryAcknowledgedCartItemWhenRedisIsKilledAndRestartedFromItsAppendOnlyFile()
			throws InterruptedException {
		Figures figures;
		CartCheck carts;
		long restarted;
		try (MixedLoad load = startLoad()) {
			long began = System.nanoTime();

			this.cluster.redis().kill();
			Thread.sleep(Duration.ofSeconds(5));
			this.cluster.redis().restart();

			restarted = System.nanoTime();
			awaitWriteAcknowledgedAfter(load, restarted);
			settle(load);
			figures = Figures.of(load, began);
			carts = verifyCarts(load);
		}
		this.report.add(figures.row(Scenario.REDIS_KILLED, figures.firstWriteAfter(restarted),
				"recovery: Redis answering again → the first acknowledged write; reads unaffected; writes answered 503 "
						+ "problem+json within " + figures.slowestFailure().toMillis() + " ms",
				carts));

		assertRedisOutage(figures, carts, restarted);
	}

	@Test
	@Order(5)
	void shouldFailNoRequestWhileTheRegistryIsKilledAndRestarted() {
		Duration repopulated;
		Figures figures;
		CartCheck carts;
		try (MixedLoad load = startLoad()) {
			long began = System.nanoTime();

			this.cluster.restartRegistry();

			long restarted = System.nanoTime();
			await().atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> this.cluster.upInstanceIds().size() == 3);
			repopulated = Duration.ofNanos(System.nanoTime() - restarted);
			settle(load);
			figures = Figures.of(load, began);
			carts = verifyCarts(load);
		}
		this.report.add(figures.row(Scenario.REGISTRY_KILLED, repopulated,
				"recovery: new registry ready → all 3 nodes registered again (heartbeats every 3 s); the gateway "
						+ "kept routing to the nodes it knew",
				carts));

		assertThat(figures.failedReads()).isEmpty();
		assertThat(figures.failedWrites()).isEmpty();
		assertThat(repopulated).isLessThanOrEqualTo(Duration.ofMillis(3500));
		assertThat(carts.lost()).isEmpty();
	}

	@Test
	@Order(6)
	void shouldEjectANodeThatFailsEveryRequestSoThatClientsSeeFarFewerErrorsThanIt() {
		Duration ejection;
		long failing;
		long ejected;
		Figures figures;
		CartCheck carts;
		try (MixedLoad load = startLoad()) {
			long began = System.nanoTime();

			this.cluster.chaos("node-3", "{\"errorRate\":1.0}");

			failing = System.nanoTime();
			await().atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofMillis(20))
				.until(() -> this.cluster.lbInstance("node-3").path("ejected").asBoolean());
			ejected = System.nanoTime();
			ejection = Duration.ofNanos(ejected - failing);
			settle(load);
			figures = Figures.of(load, began);
			carts = verifyCarts(load);
		}
		finally {
			this.cluster.clearChaos("node-3");
		}
		// what node-3 answered once its chaos was on (X-Served-By is on its 500s too)
		List<Outcome> answeredByNode = figures.outcomes()
			.stream()
			.filter((outcome) -> outcome.start() >= failing && "node-3".equals(outcome.servedBy()))
			.toList();
		long nodeRequests = answeredByNode.size();
		long nodeFailures = answeredByNode.stream().filter((outcome) -> !outcome.succeeded()).count();
		double nodeRate = (double) nodeFailures / nodeRequests;
		double clientRate = (double) figures.failures().size() / figures.outcomes().size();
		this.report.add(figures.row(Scenario.NODE_FAILING, ejection,
				String.format("recovery: chaos on → the gateway ejects the node; the node failed %d of the %d "
						+ "requests it got while failing (%.0f %%), the clients %.2f %% of theirs (500s, before "
						+ "the ejection)", nodeFailures, nodeRequests, nodeRate * 100, clientRate * 100),
				carts));

		assertThat(nodeRequests).as("requests node-3 answered while failing").isPositive();
		assertThat(nodeRate).isEqualTo(1.0);
		assertThat(clientRate).as("the clients' error rate").isLessThan(nodeRate / 10);
		// five consecutive failures eject it, plus the requests in flight meanwhile
		assertThat(figures.failures()).as("failures: node-3's 500s until it was ejected")
			.hasSizeLessThanOrEqualTo(5 + READERS + SHOPPERS)
			.allSatisfy((failure) -> {
				assertThat(failure.status()).as(failure.toString()).isEqualTo(500);
				assertThat(failure.end()).as(failure.toString()).isLessThan(ejected + Duration.ofSeconds(1).toNanos());
			});
		assertThat(carts.lost()).isEmpty();
	}

	@Test
	@Order(7)
	void shouldAvoidASlowNodeUnderPeakEwma() {
		this.cluster.switchPolicy("ewma", null);
		Figures figures;
		CartCheck carts;
		try (MixedLoad load = startLoad()) {
			this.cluster.chaos("node-1", "{\"latencyMs\":300}");
			long slow = System.nanoTime();
			await().atMost(Duration.ofSeconds(60))
				.until(() -> load.count(slow, (outcome) -> outcome.kind() == Kind.READ && outcome.succeeded()) >= 600);
			load.close();
			figures = Figures.of(load, slow);
			carts = verifyCarts(load);
		}
		finally {
			this.cluster.clearChaos("node-1");
			this.cluster.switchPolicy("round-robin", null);
		}
		List<Outcome> served = figures.outcomes().stream().filter(Outcome::succeeded).toList();
		double slowShare = (double) served.stream().filter((outcome) -> "node-1".equals(outcome.servedBy())).count()
				/ served.size();
		this.report.add(figures.row(Scenario.NODE_SLOW, null, String.format(
				"the slow node got %.1f %% of the requests (round robin would give it 33 %%); " + "read p99 %d ms",
				slowShare * 100, figures.readPercentile(0.99).toMillis()), carts));

		assertThat(figures.failures()).isEmpty();
		assertThat(slowShare).as("share of the slow node").isLessThan(0.10);
		assertThat(carts.lost()).isEmpty();
	}

	@Test
	@Order(8)
	void shouldFailRequestsOnlyWhileTheGatewayIsDown() {
		long stopped;
		long firstAnswer;
		Figures figures;
		CartCheck carts;
		try (MixedLoad load = startLoad()) {
			long began = System.nanoTime();
			stopped = System.nanoTime();

			this.cluster.stopGateway();
			long exited = System.nanoTime();
			this.cluster.restartGateway();

			await().atMost(Duration.ofSeconds(30))
				.until(() -> load.count(exited, (outcome) -> outcome.succeeded() && outcome.start() >= exited) > 0);
			firstAnswer = load.outcomes()
				.stream()
				.filter((outcome) -> outcome.succeeded() && outcome.start() >= exited)
				.mapToLong(Outcome::end)
				.min()
				.orElseThrow();
			settle(load);
			figures = Figures.of(load, began);
			carts = verifyCarts(load);
		}
		this.report.add(figures.row(Scenario.GATEWAY_RESTARTED, Duration.ofNanos(firstAnswer - stopped),
				"recovery: SIGTERM → the first answer of the new gateway; clients failed only meanwhile (connection "
						+ "refused; they back off 50 ms); sessions intact; the route's policy back to its configured one",
				carts));

		assertThat(figures.failures()).as("failures only while the gateway was down")
			.allSatisfy((failure) -> assertThat(failure.end()).as(failure.toString()).isBetween(stopped, firstAnswer));
		assertThat(carts.lost()).isEmpty();
	}

	private MixedLoad startLoad() {
		MixedLoad load = MixedLoad.start(this.cluster.gatewayUrl(), READERS, SHOPPERS);
		long began = System.nanoTime();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> load.count(began, (outcome) -> outcome.kind() == Kind.READ && outcome.succeeded()) >= 30
					&& load.count(began, (outcome) -> outcome.kind() == Kind.WRITE && outcome.succeeded()) >= 10);
		return load;
	}

	/** Keep the load on until enough requests have been served after the fault. */
	private void settle(MixedLoad load) {
		long from = System.nanoTime();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> load.count(from, (outcome) -> outcome.kind() == Kind.READ && outcome.succeeded()) >= 200
					&& load.count(from, (outcome) -> outcome.kind() == Kind.WRITE && outcome.succeeded()) >= 20);
		load.close();
	}

	private static void awaitWriteAcknowledgedAfter(MixedLoad load, long moment) {
		await().atMost(Duration.ofSeconds(30))
			.until(() -> load.count(moment,
					(outcome) -> outcome.kind() == Kind.WRITE && outcome.succeeded() && outcome.start() >= moment) > 0);
	}

	private void assertRedisOutage(Figures figures, CartCheck carts, long back) {
		assertThat(figures.failedReads()).as("stateless requests during the outage").isEmpty();
		assertThat(figures.failedWrites()).as("the outage must have been seen").isNotEmpty().allSatisfy((failure) -> {
			assertThat(failure.status()).as(failure.toString()).isEqualTo(503);
			assertThat(failure.error()).as(failure.toString()).contains("\"status\":503");
			assertThat(failure.elapsed()).as(failure.toString()).isLessThanOrEqualTo(FAIL_FAST);
		});
		assertThat(figures.firstWriteAfter(back)).as("recovered on its own").isLessThan(Duration.ofSeconds(10));
		assertThat(figures.lastFailureAfter(back)).as("no failure once recovered").isLessThan(Duration.ofSeconds(10));
		assertThat(carts.lost()).as("acknowledged cart items lost").isEmpty();
	}

	/**
	 * Read every shopper's cart back through the gateway and return the acknowledged
	 * items missing from it.
	 * @param load the load whose shoppers to check
	 * @return the checked count and the lost items
	 */
	private CartCheck verifyCarts(MixedLoad load) {
		return verifyCarts(load, this.cluster.gatewayUrl());
	}

	/**
	 * Read every shopper's cart back through a gateway and return the acknowledged items
	 * missing from it.
	 * @param load the load whose shoppers to check
	 * @param gatewayUrl the gateway (or the layer-4 tier) to read through
	 * @return the checked count and the lost items
	 */
	static CartCheck verifyCarts(MixedLoad load, String gatewayUrl) {
		int acknowledged = 0;
		List<String> lost = new ArrayList<>();
		for (MixedLoad.Shopper shopper : load.shoppers()) {
			Set<String> expected = shopper.acknowledged();
			if (expected.isEmpty()) {
				continue;
			}
			acknowledged += expected.size();
			HttpResponse<String> cart = shopper.http().get(gatewayUrl + "/api/cart");
			assertThat(cart.statusCode()).as(cart.body()).isEqualTo(200);
			Set<String> present = new HashSet<>(Http.json(cart).path("items").findValuesAsString("sku"));
			expected.stream().filter((sku) -> !present.contains(sku)).forEach(lost::add);
		}
		return new CartCheck(acknowledged, lost);
	}

	private static long millisSince(long nanoTime) {
		return Duration.ofNanos(System.nanoTime() - nanoTime).toMillis();
	}

	/** The faults, as the table names them. */
	enum Scenario {

		ROLLING_RESTART("Rolling restart of 3 nodes (SIGTERM, the node started again, the next)"),

		NODE_KILLED("SIGKILL of a node"),

		REDIS_FROZEN("Redis frozen (SIGSTOP) for 10 s, then SIGCONT"),

		REDIS_KILLED("Redis SIGKILLed, started again 5 s later from its append-only file"),

		REGISTRY_KILLED("Registry SIGKILLed and started again"),

		NODE_FAILING("A node failing every request (chaos errorRate 1.0)"),

		NODE_SLOW("A node made 300 ms slow (chaos latencyMs 300) under policy ewma"),

		GATEWAY_RESTARTED("Gateway stopped (SIGTERM) and started again");

		private final String title;

		Scenario(String title) {
			this.title = title;
		}

		String title() {
			return this.title;
		}

	}

	/**
	 * The acknowledged cart items that were read back.
	 *
	 * @param acknowledged how many were acknowledged
	 * @param lost the ones missing
	 */
	record CartCheck(int acknowledged, List<String> lost) {

		String summary() {
			return this.lost.isEmpty() ? "all " + this.acknowledged + " acknowledged cart items read back"
					: this.lost.size() + " of " + this.acknowledged + " acknowledged cart items LOST: " + this.lost;
		}

	}

	/**
	 * What the clients saw from a moment on.
	 *
	 * @param origin the moment, a {@link System#nanoTime()}
	 * @param outcomes every request that ended after it
	 */
	record Figures(long origin, List<Outcome> outcomes) {

		static Figures of(MixedLoad load, long origin) {
			return new Figures(origin, load.outcomes().stream().filter((outcome) -> outcome.end() >= origin).toList());
		}

		List<Outcome> failures() {
			return select((outcome) -> !outcome.succeeded());
		}

		List<Outcome> failedReads() {
			return select((outcome) -> outcome.kind() == Kind.READ && !outcome.succeeded());
		}

		List<Outcome> failedWrites() {
			return select((outcome) -> outcome.kind() == Kind.WRITE && !outcome.succeeded());
		}

		long sent() {
			return this.outcomes.size();
		}

		long failed() {
			return failures().size();
		}

		Duration lastFailureAfter(long moment) {
			long last = failures().stream().mapToLong(Outcome::end).max().orElse(moment);
			return Duration.ofNanos(Math.max(0, last - moment));
		}

		Duration firstWriteAfter(long moment) {
			long first = select(
					(outcome) -> outcome.kind() == Kind.WRITE && outcome.succeeded() && outcome.start() >= moment)
				.stream()
				.mapToLong(Outcome::end)
				.min()
				.orElseThrow();
			return Duration.ofNanos(first - moment);
		}

		Duration slowestFailure() {
			return failures().stream().map(Outcome::elapsed).max(Duration::compareTo).orElse(Duration.ZERO);
		}

		Duration readPercentile(double quantile) {
			List<Duration> reads = select((outcome) -> outcome.kind() == Kind.READ).stream()
				.map(Outcome::elapsed)
				.sorted()
				.toList();
			return reads.isEmpty() ? Duration.ZERO
					: reads.get((int) Math.min(reads.size() - 1, reads.size() * quantile));
		}

		ReliabilityReport.Row row(Scenario scenario, Duration recovery, String notes, CartCheck carts) {
			long reads = select((outcome) -> outcome.kind() == Kind.READ).size();
			return new ReliabilityReport.Row(scenario.title(), reads, sent() - reads, failedReads().size(),
					failedWrites().size(), recovery, notes + "; " + carts.summary());
		}

		private List<Outcome> select(Predicate<Outcome> condition) {
			return this.outcomes.stream().filter(condition).toList();
		}

	}

}
