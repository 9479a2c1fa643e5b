package dev.switchyard.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import dev.switchyard.test.spelling.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import dev.switchyard.e2e.MixedLoad.Kind;
import dev.switchyard.e2e.MixedLoad.Outcome;
import dev.switchyard.e2e.ReliabilityTests.CartCheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway tier under the fault suite's mixed load: two gateways behind HAProxy (TCP
 * mode, readiness checks), restarted one after the other, one replaced in place by a
 * successor on the same port ({@code SO_REUSEPORT}), one killed; and the client's address
 * through HAProxy's PROXY protocol to {@code ip-hash}. The figures go to
 * {@code e2e/target/gateway-tier.md}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayTierTests {

	private static final int READERS = 3;

	private static final int SHOPPERS = 2;

	private static final List<String> GATEWAYS = List.of("gateway-1", "gateway-2");

	private final ReliabilityReport report = new ReliabilityReport();

	private LocalCluster cluster;

	@BeforeAll
	void startCluster() {
		this.cluster = LocalCluster.startWithGatewayTier(2, GATEWAYS.size());
	}

	@AfterAll
	void stopCluster() throws IOException {
		if (this.cluster != null) {
			this.cluster.close();
		}
		Path target = Files.createDirectories(Path.of(System.getProperty("user.dir"), "target"));
		try {
			Files.writeString(target.resolve("gateway-tier.md"), this.report.table());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Test
	@Order(1)
	void shouldFailNoRequestWhenAGatewayIsReplacedOnItsOwnPortBySoReusePort() {
		String url = this.cluster.tierGatewayUrl("gateway-1");
		List<Outcome> outcomes;
		CartCheck carts;
		try (MixedLoad load = startLoad(url)) {
			long began = System.nanoTime();

			this.cluster.replaceTierGateway("gateway-1");

			settle(load);
			outcomes = since(load, began);
			carts = ReliabilityTests.verifyCarts(load, url);
		}
		this.report.add(row(
				"A single gateway replaced in place: its successor binds the same port (SO_REUSEPORT), "
						+ "then SIGTERM to the old one; clients call that gateway directly, no tier",
				outcomes,
				"the old gateway fails readiness, answers Connection: close for 2 s, finishes what is in flight",
				carts));

		assertThat(failures(outcomes)).as("failed requests").isEmpty();
		assertThat(carts.lost()).isEmpty();
	}

	@Test
	@Order(2)
	void shouldFailNoRequestDuringARollingRestartOfTheGatewaysBehindHaproxy() {
		List<Outcome> outcomes;
		CartCheck carts;
		try (MixedLoad load = startLoad(this.cluster.gatewayUrl())) {
			long began = System.nanoTime();

			for (String gateway : GATEWAYS) {
				this.cluster.stopTierGateway(gateway);
				this.cluster.startTierGatewayAgain(gateway);
			}

			settle(load);
			outcomes = since(load, began);
			carts = ReliabilityTests.verifyCarts(load, this.cluster.gatewayUrl());
		}
		this.report.add(row(
				"Rolling restart of 2 gateways behind HAProxy (SIGTERM, wait for the exit, start "
						+ "again, wait until HAProxy checks it UP, the next)",
				outcomes,
				"each gateway fails readiness at SIGTERM; HAProxy's checks (500 ms, fall 2) take it out within "
						+ "its 2 s drain window; kept-alive connections get Connection: close",
				carts));

		assertThat(failures(outcomes)).as("failed requests").isEmpty();
		assertThat(carts.lost()).isEmpty();
	}

	@Test
	@Order(3)
	void shouldFailNoMoreThanTheRequestsInFlightWhenAGatewayIsKilled() {
		List<Outcome> outcomes;
		List<Outcome> inFlight;
		CartCheck carts;
		try (MixedLoad load = startLoad(this.cluster.gatewayUrl())) {
			long began = System.nanoTime();

			long killed = System.nanoTime();
			this.cluster.killTierGateway("gateway-2");
			long dead = System.nanoTime();

			this.cluster.awaitHaproxySees("gateway-2", "DOWN");
			settle(load);
			outcomes = since(load, began);
			inFlight = load.inFlightOn(killed, dead, "gateway-2");
			carts = ReliabilityTests.verifyCarts(load, this.cluster.gatewayUrl());
		}
		List<Outcome> failures = failures(outcomes);
		this.report.add(row("SIGKILL of 1 of 2 gateways behind HAProxy", outcomes, String.format(
				"%d failed; %d requests were in flight on gateway-2 from the SIGKILL to its exit (the bound: its "
						+ "X-Gateway on the client's previous answer over the same connection); HAProxy redispatches "
						+ "refused connections, its checks mark the gateway DOWN: %s",
				failures.size(), inFlight.size(), failures.stream().map(Outcome::toString).toList()), carts));
		this.cluster.startTierGatewayAgain("gateway-2");

		assertThat(failures).as("failures, each one of the requests in flight on gateway-2 at the kill")
			.allSatisfy((failure) -> assertThat(inFlight).contains(failure));
		assertThat(carts.lost()).isEmpty();
	}

	@Test
	@Order(4)
	void shouldHashTheClientAddressThatHaproxySendsInTheProxyProtocol() {
		String previous = policy(GATEWAYS.get(0));
		GATEWAYS.forEach((gateway) -> setPolicy(gateway, "ip-hash"));
		try {
			for (String client : List.of("127.0.0.2", "127.0.0.3")) {
				List<RawHttp.Response> responses = new ArrayList<>();
				for (int i = 0; i < 6; i++) {
					responses.add(RawHttp.send(address(client), port(this.cluster.gatewayUrl()), "GET", "/api/whoami",
							Map.of("X-LB-Explain", "true"), null));
				}
				assertThat(responses).as("answers to %s", client)
					.allSatisfy((response) -> assertThat(response.status()).isEqualTo(200))
					.allSatisfy((response) -> assertThat(response.header("X-LB-Decision"))
						.contains("client " + client + " hashes here"));
				assertThat(responses.stream().map((response) -> response.header("X-Served-By")).distinct())
					.as("instances that served %s (ip-hash)", client)
					.hasSize(1);
				assertThat(responses.stream().map((response) -> response.header("X-Gateway")).distinct())
					.as("gateways that served %s", client)
					.isSubsetOf(GATEWAYS);
			}
		}
		finally {
			GATEWAYS.forEach((gateway) -> setPolicy(gateway, previous));
		}
	}

	private String policy(String gateway) {
		RawHttp.Response response = RawHttp.send(null, port(this.cluster.tierGatewayUrl(gateway)), "GET", "/admin/lb",
				Map.of("Authorization", "Bearer " + this.cluster.adminToken()), null);
		assertThat(response.status()).as("GET /admin/lb on %s", gateway).isEqualTo(200);
		return JsonMapper.builder()
			.build()
			.readTree(response.body())
			.path("routes")
			.path("api")
			.path("policy")
			.asString();
	}

	private void setPolicy(String gateway, String policy) {
		RawHttp.Response response = RawHttp.send(null, port(this.cluster.tierGatewayUrl(gateway)), "PUT",
				"/admin/lb/routes/api", Map.of("Authorization", "Bearer " + this.cluster.adminToken()),
				"{\"policy\":\"" + policy + "\"}");
		assertThat(response.status()).as("PUT %s on %s", policy, gateway).isEqualTo(200);
	}

	private static int port(String url) {
		return URI.create(url).getPort();
	}

	private static InetAddress address(String literal) {
		try {
			return InetAddress.getByName(literal);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static MixedLoad startLoad(String url) {
		MixedLoad load = MixedLoad.start(url, READERS, SHOPPERS);
		long began = System.nanoTime();
		await().atMost(Duration.ofSeconds(60))
			.until(() -> load.count(began, (outcome) -> outcome.kind() == Kind.READ && outcome.succeeded()) >= 30
					&& load.count(began, (outcome) -> outcome.kind() == Kind.WRITE && outcome.succeeded()) >= 10);
		return load;
	}

	/** Keep the load on until enough requests have been served after the fault. */
	private static void settle(MixedLoad load) {
		long from = System.nanoTime();
		await().atMost(Duration.ofSeconds(60))
			.until(() -> load.count(from, (outcome) -> outcome.kind() == Kind.READ && outcome.succeeded()) >= 200
					&& load.count(from, (outcome) -> outcome.kind() == Kind.WRITE && outcome.succeeded()) >= 20);
		load.close();
	}

	private static List<Outcome> since(MixedLoad load, long moment) {
		return load.outcomes().stream().filter((outcome) -> outcome.end() >= moment).toList();
	}

	private static List<Outcome> failures(List<Outcome> outcomes) {
		return outcomes.stream().filter((outcome) -> !outcome.succeeded()).toList();
	}

	private static ReliabilityReport.Row row(String scenario, List<Outcome> outcomes, String notes, CartCheck carts) {
		long reads = outcomes.stream().filter((outcome) -> outcome.kind() == Kind.READ).count();
		long failedReads = outcomes.stream()
			.filter((outcome) -> outcome.kind() == Kind.READ && !outcome.succeeded())
			.count();
		long failedWrites = outcomes.stream()
			.filter((outcome) -> outcome.kind() == Kind.WRITE && !outcome.succeeded())
			.count();
		return new ReliabilityReport.Row(scenario, reads, outcomes.size() - reads, failedReads, failedWrites, null,
				notes + "; " + carts.summary());
	}

}
