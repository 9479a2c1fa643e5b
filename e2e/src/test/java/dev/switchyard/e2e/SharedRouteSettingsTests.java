package dev.switchyard.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateways that act as one, on real processes: the route settings live in the
 * registry's key/value store, so a switch sent to one is in force on the other (timed
 * over 100 switches), and both sign {@code SY_NODE} with the keys of
 * {@code GATEWAY_STICKY_SECRETS}, so a cookie of one binds on the other, also after a key
 * rotation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedRouteSettingsTests {

	private static final String OLD_KEY = "0123456789abcdef0123456789abcdef";

	private static final String NEW_KEY = "fedcba9876543210fedcba9876543210";

	private static final int SWITCHES = 100;

	private static final int WARM_UP = 20;

	private static final long MAX_P99_MILLIS = 100;

	/** Requests alternating between the two gateways under sticky-cookie. */
	private static final int STICKY_REQUESTS = 1000;

	private final Http http = Http.withoutCookies();

	private LocalCluster cluster;

	private String gatewayA;

	private String gatewayB;

	@BeforeAll
	void startTwoGateways() {
		this.cluster = LocalCluster.start(2, gatewayEnvironment(OLD_KEY));
		this.gatewayA = this.cluster.gatewayUrl();
		this.gatewayB = this.cluster.startExtraGateway("gateway-b", gatewayEnvironment(OLD_KEY));
	}

	/**
	 * The keys, and an admin rate limit above the shipped 20 a second per address: the
	 * test polls B's {@code /admin/lb} every 10 ms from one address while it switches A,
	 * as a monitoring system allowed to would.
	 */
	private static Map<String, String> gatewayEnvironment(String stickySecrets) {
		return Map.of("GATEWAY_STICKY_SECRETS", stickySecrets, "GATEWAY_ADMIN_RATELIMIT_REQUESTSPERSECOND", "1000",
				"GATEWAY_ADMIN_RATELIMIT_BURST", "2000");
	}

	@AfterAll
	void stopCluster() {
		if (this.cluster != null) {
			this.cluster.close();
		}
	}

	@Test
	@Order(1)
	void shouldPutASwitchOnOneGatewayInForceOnTheOtherWithin100MillisAtP99() {
		List<String> policies = List.of("p2c", "least-connections", "ewma", "round-robin");
		Path logOfB = this.cluster.logs().resolve("gateway-b.log");
		List<Double> applied = new ArrayList<>();
		List<Double> observed = new ArrayList<>();
		List<Double> puts = new ArrayList<>();

		// the first switches warm up the code paths of both gateways (C1 only, as
		// LocalCluster starts them), and are not counted
		for (int i = -WARM_UP; i < SWITCHES; i++) {
			String policy = policies.get((i + WARM_UP) % policies.size());
			int linesBefore = appliedLines(logOfB).size();
			Instant sentAt = Instant.now();
			long sent = System.nanoTime();
			HttpResponse<String> put = switchPolicy(this.gatewayA, policy);
			double putMillis = (System.nanoTime() - sent) / 1e6;
			assertThat(put.statusCode()).as("PUT %s: %s", policy, put.body()).isEqualTo(200);
			long deadline = sent + 2_000_000_000L;
			String seen = policyOf(this.gatewayB);
			while (!policy.equals(seen) && System.nanoTime() < deadline) {
				// polled every 10 ms, not in a tight loop that takes B's CPU
				LockSupport.parkNanos(10_000_000);
				seen = policyOf(this.gatewayB);
			}
			double observedMillis = (System.nanoTime() - sent) / 1e6;
			assertThat(seen).as("switch %d to %s on gateway B within 2 s", i, policy).isEqualTo(policy);
			// when B applied it: its own log line, stamped to the millisecond
			// the line is written just after the policy is in force: wait for it a little
			String line = null;
			long logDeadline = System.nanoTime() + 2_000_000_000L;
			while (line == null && System.nanoTime() < logDeadline) {
				List<String> lines = appliedLines(logOfB);
				line = lines.subList(Math.min(linesBefore, lines.size()), lines.size())
					.stream()
					.filter((candidate) -> candidate.contains("balanced by RoutePolicy[policy=" + policy + ","))
					.findFirst()
					.orElse(null);
				if (line == null) {
					LockSupport.parkNanos(10_000_000);
				}
			}
			assertThat(line).as("a line of B applying %s in %s", policy, logOfB).isNotNull();
			Instant appliedAt = Instant.parse(line.substring(0, line.indexOf(' ')));
			if (i >= 0) {
				applied.add(Duration.between(sentAt, appliedAt).toNanos() / 1e6);
				observed.add(observedMillis);
				puts.add(putMillis);
			}
		}

		System.out.printf("PUT on A answered, %d switches: %s%n", SWITCHES, percentiles(puts));
		System.out.printf("switch on A seen on B's /admin/lb (polled every 10 ms): %s%n", percentiles(observed));
		System.out.printf("switch on A applied on B (B's log): %s%n", percentiles(applied));
		Collections.sort(applied);
		assertThat(applied.get((int) Math.ceil(SWITCHES * 0.99) - 1))
			.as("p99 of %d switches, from the PUT sent to A to B applying it", SWITCHES)
			.isLessThanOrEqualTo(MAX_P99_MILLIS);
	}

	private static List<String> appliedLines(Path log) {
		try {
			return Files.readAllLines(log)
				.stream()
				.filter((line) -> line.contains("from the registry (index"))
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String percentiles(List<Double> millis) {
		List<Double> sorted = new ArrayList<>(millis);
		Collections.sort(sorted);
		return String.format("p50 %.1f ms, p99 %.1f ms, max %.1f ms", sorted.get(sorted.size() / 2 - 1),
				sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1), sorted.get(sorted.size() - 1));
	}

	@Test
	@Order(2)
	void shouldShowTheSameSettingsOnEveryGatewayAndRefuseAnUnknownPolicyOnBoth() {
		assertThat(switchPolicy(this.gatewayB, "consistent-hash", "header:X-User").statusCode()).isEqualTo(200);

		HttpResponse<String> refused = switchPolicy(this.gatewayA, "fastest");

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(Http.json(refused).path("detail").asString()).contains("round-robin");
		for (String gateway : List.of(this.gatewayA, this.gatewayB)) {
			HttpResponse<String> state = admin(gateway, "GET", "/admin/lb", null);
			assertThat(Http.json(state).path("routes").path("api").path("policy").asString()).as(gateway)
				.isEqualTo("consistent-hash");
			assertThat(Http.json(state).path("routes").path("api").path("hashKey").asString()).as(gateway)
				.isEqualTo("header:X-User");
		}
	}

	@Test
	@Order(3)
	void shouldKeepTheBindingOfOneGatewaysCookieOnTheOtherAndAfterAKeyRotation() {
		assertThat(switchPolicy(this.gatewayA, "sticky-cookie").statusCode()).isEqualTo(200);
		Http client = Http.withCookies();
		List<String> servedBy = new ArrayList<>();
		long count = 0;
		String oldCookie = null;

		for (int i = 0; i < STICKY_REQUESTS; i++) {
			String gateway = (i % 2 == 0) ? this.gatewayA : this.gatewayB;
			HttpResponse<String> response = client.postJson(gateway + "/api/local/counter", "");
			assertThat(response.statusCode()).isEqualTo(200);
			servedBy.add(response.headers().firstValue("X-Served-By").orElseThrow());
			String issued = setCookie(response, "SY_NODE");
			oldCookie = (issued != null) ? issued : oldCookie;
			count = Http.json(response).path("count").asLong();
		}

		assertThat(servedBy).as("one instance behind both gateways").containsOnly(servedBy.get(0));
		assertThat(count).as("the node's own counter, right only with affinity").isEqualTo(STICKY_REQUESTS);
		assertThat(oldCookie).as("the SY_NODE cookie given at the first request").isNotNull();

		// a third gateway after a rotation: the new key first, the old one to verify
		String rotated = this.cluster.startExtraGateway("gateway-c", gatewayEnvironment(NEW_KEY + "," + OLD_KEY));
		HttpResponse<String> onRotated = this.http
			.send(HttpRequest.newBuilder(URI.create(rotated + "/api/whoami")).header("Cookie", "SY_NODE=" + oldCookie));
		String reissued = setCookie(onRotated, "SY_NODE");
		HttpResponse<String> newCookieOnOld = this.http
			.send(HttpRequest.newBuilder(URI.create(this.gatewayA + "/api/whoami"))
				.header("Cookie", "SY_NODE=" + reissued));

		assertThat(onRotated.headers().firstValue("X-Served-By")).as("an old cookie still binds")
			.contains(servedBy.get(0));
		assertThat(reissued).as("signed again with the new key").isNotNull().isNotEqualTo(oldCookie);
		assertThat(setCookie(newCookieOnOld, "SY_NODE")).as("a gateway with the old key only rebinds it").isNotNull();
	}

	private HttpResponse<String> switchPolicy(String gateway, String policy) {
		return switchPolicy(gateway, policy, null);
	}

	private HttpResponse<String> switchPolicy(String gateway, String policy, String hashKey) {
		String body = "{\"policy\":\"" + policy + "\"" + ((hashKey != null) ? ",\"hashKey\":\"" + hashKey + "\"" : "")
				+ "}";
		return admin(gateway, "PUT", "/admin/lb/routes/api", body);
	}

	private String policyOf(String gateway) {
		HttpResponse<String> state = admin(gateway, "GET", "/admin/lb", null);
		return Http.json(state).path("routes").path("api").path("policy").asString();
	}

	private HttpResponse<String> admin(String gateway, String method, String path, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path))
			.header("Authorization", "Bearer " + this.cluster.adminToken())
			.method(method, (body != null) ? BodyPublishers.ofString(body) : BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		return this.http.send(request);
	}

	private static String setCookie(HttpResponse<String> response, String name) {
		Map<String, String> cookies = new HashMap<>();
		for (String header : response.headers().allValues("Set-Cookie")) {
			String pair = header.split(";", 2)[0];
			int equals = pair.indexOf('=');
			cookies.put(pair.substring(0, equals), pair.substring(equals + 1));
		}
		return cookies.get(name);
	}

}
