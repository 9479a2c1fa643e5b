package dev.switchyard.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The cluster console at the gateway's {@code /}, in headless Chromium against a cluster
 * of real processes: it lists the instances live, switches the policy, draws which
 * instance served each request, sets chaos on a node and drains one, asking for the admin
 * token once and keeping it out of every store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleTests {

	private static final Path TARGET = Path.of(System.getProperty("switchyard.root", ".."))
		.toAbsolutePath()
		.normalize()
		.resolve("e2e/target");

	private static final Duration LIVE = Duration.ofSeconds(10);

	private final Http http = Http.withoutCookies();

	private HeadlessChromium browser;

	private LocalCluster cluster;

	@BeforeAll
	void openConsole() {
		this.browser = HeadlessChromium.start(TARGET.resolve("browser-logs"));
		this.cluster = LocalCluster.start(3);
		page().get(this.cluster.gatewayUrl() + "/");
	}

	@AfterAll
	void close() {
		if (this.browser != null) {
			this.browser.close();
		}
		if (this.cluster != null) {
			this.cluster.close();
		}
	}

	@Test
	@Order(1)
	void shouldListEveryInstanceWithItsAddressAndStatus() {
		Map<String, String> addresses = new TreeMap<>();
		for (JsonNode instance : registryInstances()) {
			addresses.put(instance.path("instanceId").asString(),
					instance.path("host").asString() + ":" + instance.path("port").asInt());
		}

		await().atMost(LIVE).ignoreExceptions().untilAsserted(() -> {
			assertThat(rows("instanceId")).containsExactly("node-1", "node-2", "node-3");
			assertThat(rows("status")).containsOnly("UP");
		});

		for (Map.Entry<String, String> node : addresses.entrySet()) {
			assertThat(row(node.getKey()).findElement(By.className("address")).getText()).isEqualTo(node.getValue());
		}
		assertThat(page().findElement(By.id("live")).getText()).startsWith("live");
		assertThat(routePolicy()).isEqualTo("round-robin");
	}

	@Test
	@Order(2)
	void shouldListEveryGatewayOfTheTierFromTheRegistry() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		int gatewayPort = URI.create(this.cluster.gatewayUrl()).getPort();
		// gateway-1 registers itself, as every gateway does; gateway-2 is a closed port
		registerGateway("gateway-2", closedPort);

		await().atMost(LIVE).ignoreExceptions().untilAsserted(() -> {
			assertThat(strings("return [...document.querySelectorAll('#tier tbody tr')]"
					+ ".map((row) => row.dataset.gatewayId + ' ' + row.dataset.reachable)"))
				.containsExactly("gateway-1 true", "gateway-2 false");
			assertThat(tierRow("gateway-1").findElement(By.className("policies")).getText())
				.isEqualTo("api: round-robin");
			assertThat(tierRow("gateway-1").findElement(By.className("self")).isDisplayed()).isTrue();
			assertThat(tierRow("gateway-2").findElement(By.className("self")).isDisplayed()).isFalse();
			assertThat(Integer.parseInt(tierRow("gateway-1").findElement(By.className("connections")).getText()))
				.as("connections open on the gateway, this browser's among them")
				.isPositive();
			assertThat(tierRow("gateway-1").findElement(By.className("address")).getText())
				.isEqualTo("127.0.0.1:" + gatewayPort);
		});
	}

	@Test
	@Order(3)
	void shouldChartRequestsAndLatencyWhileTrafficFlows() throws InterruptedException {
		long before = chartPoints("chart-rps");
		AtomicBoolean running = new AtomicBoolean(true);
		Thread load = Thread.ofVirtual().start(() -> {
			// bounded: about 20 s at most
			for (int i = 0; i < 2000 && running.get(); i++) {
				this.http.get(this.cluster.gatewayUrl() + "/api/whoami");
				LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
			}
		});
		try {
			await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
				assertThat(chartPoints("chart-rps")).isGreaterThanOrEqualTo(before + 3);
				assertThat(chartLast("chart-rps")).as("requests per second, summed over the instances").isPositive();
				assertThat(chartLast("chart-latency")).as("p50 and p99, summed").isPositive();
			});
		}
		finally {
			running.set(false);
			load.join(Duration.ofSeconds(15));
		}
		assertThat(chartLast("chart-errors")).isZero();
		assertThat(page().findElements(By.cssSelector("#chart-rps canvas"))).hasSize(1);
		assertThat(texts("#chart-rps .u-legend .u-series th")).contains("node-1", "node-2", "node-3");
	}

	@Test
	@Order(4)
	void shouldSwitchToStickyCookieAndSendEveryRequestToOneInstance() {
		new Select(page().findElement(By.cssSelector("[data-route='api'] select"))).selectByValue("sticky-cookie");
		page().findElement(By.cssSelector("[data-route='api'] .apply-policy")).click();
		giveToken();

		await().atMost(LIVE)
			.ignoreExceptions()
			.untilAsserted(() -> assertThat(routePolicy()).isEqualTo("sticky-cookie"));
		assertThat(adminLb().path("routes").path("api").path("policy").asString()).isEqualTo("sticky-cookie");

		List<String> servedBy = sendRequests(20, true);

		assertThat(servedBy).hasSize(20).doesNotContain("");
		assertThat(servedBy.stream().distinct()).as("instances that served the 20 requests").hasSize(1);
		assertThat(tally()).containsExactly(Map.entry(servedBy.get(0), 20L));
		assertThat(texts("#decisions li")).hasSize(20)
			.allSatisfy((decision) -> assertThat(decision).contains("policy=sticky-cookie"));
		assertThat(page().findElement(By.id("send-status")).getText()).startsWith("Sent 20 of 20 · 20 OK");
		await().atMost(LIVE)
			.untilAsserted(() -> assertThat(texts("#markers li[data-kind='policy']")).as("policy switch markers")
				.anySatisfy((marker) -> assertThat(marker).endsWith("api → sticky-cookie")));
	}

	@Test
	@Order(5)
	void shouldSetChaosOnANodeThroughTheGateway() {
		WebElement node3 = row("node-3");
		node3.findElement(By.className("chaos-latency")).sendKeys("120");
		node3.findElement(By.className("chaos-set")).click();

		await().atMost(LIVE).ignoreExceptions().untilAsserted(() -> {
			assertThat(nodeChaos("node-3").path("latencyMs").asLong()).isEqualTo(120);
			assertThat(row("node-3").findElement(By.className("chaos-now")).getText()).isEqualTo("+120 ms");
		});
		assertThat(tokenDialogOpen()).as("the token is asked for once").isFalse();
		assertThat(nodeChaos("node-1").path("latencyMs").asLong()).isZero();
	}

	@Test
	@Order(6)
	void shouldShowADrainedNodeAsDraining() {
		row("node-2").findElement(By.className("drain")).click();

		await().atMost(LIVE).ignoreExceptions().untilAsserted(() -> {
			assertThat(row("node-2").getDomAttribute("data-status")).isEqualTo("DRAINING");
			assertThat(row("node-2").findElement(By.className("status")).getText()).isEqualTo("DRAINING");
			assertThat(row("node-2").findElement(By.className("drain")).getText()).isEqualTo("Undrain");
		});
		assertThat(tokenDialogOpen()).isFalse();
		assertThat(registryStatus("node-2")).isEqualTo("DRAINING");
		assertThat(rows("status")).containsExactly("UP", "DRAINING", "UP");
	}

	@Test
	@Order(7)
	void shouldKeepTheTokenInThePagesMemoryOnly() {
		String token = this.cluster.adminToken();

		Object stores = this.browser
			.script("return JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } })"
					+ " + document.cookie");
		String state = this.http.get(this.cluster.gatewayUrl() + "/cluster/state").body();

		assertThat((String) stores).doesNotContain(token);
		assertThat(state).doesNotContain(token).doesNotContain(this.cluster.registryToken());
	}

	@Test
	@Order(8)
	void shouldReadTheCartBackFromAnotherNode() {
		switchPolicy("round-robin");

		page().findElement(By.id("cart-add")).click();

		WebElement result = awaitDone("cart-result");
		assertThat(result.getDomAttribute("data-other-node")).isEqualTo("true");
		assertThat(result.getDomAttribute("data-found")).isEqualTo("true");
		List<String> servedBy = strings(
				"return [...document.querySelectorAll('#cart-log li')].map((li) => li.dataset.servedBy)");
		assertThat(servedBy.get(0)).isNotEqualTo(servedBy.get(servedBy.size() - 1));
	}

	@Test
	@Order(9)
	void shouldCountWrongWithoutAffinityAndRightWithIt() {
		switchPolicy("round-robin");
		page().findElement(By.id("counter-run")).click();
		WebElement without = awaitDone("counter-result");
		assertThat(without.getDomAttribute("data-correct")).as("round-robin: no affinity").isEqualTo("false");
		assertThat(without.getText()).contains("wrong");

		switchPolicy("sticky-cookie");
		page().findElement(By.id("counter-run")).click();
		WebElement with = awaitDone("counter-result");
		assertThat(with.getDomAttribute("data-correct")).as("sticky-cookie: affinity").isEqualTo("true");
		assertThat(with.getDomAttribute("data-right")).isEqualTo("10");

		switchPolicy("round-robin");
	}

	@Test
	@Order(10)
	void shouldWatchEveryNodeApplyACatalogWrite() {
		WebElement value = page().findElement(By.id("catalog-value"));
		value.clear();
		value.sendKeys("from the console");
		page().findElement(By.id("catalog-write")).click();

		WebElement result = awaitDone("catalog-result");
		assertThat(result.getDomAttribute("data-converged")).isEqualTo("true");
		long version = Long.parseLong(result.getDomAttribute("data-version"));
		assertThat(strings("return [...document.querySelectorAll('#catalog-nodes li')]"
				+ ".map((li) => li.dataset.instanceId + ' ' + li.dataset.converged)"))
			.containsExactly("node-1 true", "node-2 true", "node-3 true");
		for (String node : List.of("node-1", "node-2", "node-3")) {
			JsonNode entry = Http.json(this.http.get(this.cluster.nodeUrl(node) + "/api/catalog/greeting"));
			assertThat(entry.path("value").asString()).as(node).isEqualTo("from the console");
			assertThat(entry.path("version").asLong()).as(node).isEqualTo(version);
		}
	}

	@Test
	@Order(11)
	void shouldCancelAJobThroughAnotherNode() {
		page().findElement(By.id("jobs-start")).click();
		await().atMost(LIVE).until(() -> page().findElement(By.id("jobs-cancel")).isEnabled());

		page().findElement(By.id("jobs-cancel")).click();

		await().atMost(LIVE)
			.untilAsserted(() -> assertThat(page().findElement(By.id("jobs-result")).getDomAttribute("data-state"))
				.isEqualTo("CANCELLED"));
		WebElement result = page().findElement(By.id("jobs-result"));
		assertThat(result.getDomAttribute("data-cancelled-by")).isNotEmpty()
			.isNotEqualTo(result.getDomAttribute("data-started-by"));
	}

	@Test
	@Order(12)
	void shouldShowEveryRegisteredInstanceWithItsLease() {
		await().atMost(LIVE).ignoreExceptions().untilAsserted(() -> {
			assertThat(strings("return [...document.querySelectorAll('#registry tbody tr')]"
					+ ".map((row) => row.dataset.service + '/' + row.dataset.instanceId)"))
				.contains("node-service/node-1", "node-service/node-2", "node-service/node-3", "gateway/gateway-1");
			assertThat(page().findElement(By.cssSelector("#registry tr[data-instance-id='node-2'] .status")).getText())
				.isEqualTo("DRAINING");
		});
		String lease = page().findElement(By.cssSelector("#registry tr[data-instance-id='node-1'] .lease .value"))
			.getText();
		double remaining = Double.parseDouble(lease.substring(0, lease.indexOf(' ')));
		assertThat(remaining).isPositive();

		this.browser.screenshot(TARGET.resolve("console.png"));
	}

	@Test
	@Order(13)
	void shouldShowTheRouteSettingsBeyondThePolicyAndKeepThemThroughASwitch() {
		putRoute("{\"policy\":\"consistent-hash\",\"hashKey\":\"query:k\",\"slowStart\":\"30s\","
				+ "\"maxInFlight\":8,\"queueTimeout\":\"100ms\",\"adaptiveLimit\":true,\"retryBudget\":12.5,"
				+ "\"hedge\":\"p95\",\"hashBalanceFactor\":1.25,\"zoneAware\":true}");
		try {
			await().atMost(LIVE)
				.ignoreExceptions()
				.untilAsserted(() -> assertThat(texts("[data-route='api'] .route-settings li")).containsExactly(
						"slowStart 30s", "maxInFlight 8", "queueTimeout 100ms", "adaptiveLimit", "retryBudget 12.5 %",
						"hedge p95", "hashBalanceFactor 1.25", "zoneAware"));
			assertThat(routePolicy()).isEqualTo("consistent-hash (query:k)");

			// the console's switch sends the route's other settings along (PUT replaces
			// them all), less hashBalanceFactor, which only a hashing policy takes
			new Select(page().findElement(By.cssSelector("[data-route='api'] select"))).selectByValue("p2c");
			page().findElement(By.cssSelector("[data-route='api'] .apply-policy")).click();
			// (run alone, this test is the first to need the token)
			await().atMost(LIVE)
				.ignoreExceptions()
				.until(() -> tokenDialogOpen()
						|| "p2c".equals(adminLb().path("routes").path("api").path("policy").asString()));
			if (tokenDialogOpen()) {
				giveToken();
			}
			await().atMost(LIVE)
				.untilAsserted(() -> assertThat(adminLb().path("routes").path("api").path("policy").asString())
					.isEqualTo("p2c"));

			JsonNode route = adminLb().path("routes").path("api");
			assertThat(route.path("slowStart").asString()).isEqualTo("30s");
			assertThat(route.path("maxInFlight").asInt()).isEqualTo(8);
			assertThat(route.path("queueTimeout").asString()).isEqualTo("100ms");
			assertThat(route.path("adaptiveLimit").asBoolean()).isTrue();
			assertThat(route.path("retryBudget").asDouble()).isEqualTo(12.5);
			assertThat(route.path("hedge").asString()).isEqualTo("p95");
			assertThat(route.path("hashBalanceFactor").isNull()).isTrue();
			assertThat(route.path("zoneAware").asBoolean()).isTrue();
			await().atMost(LIVE)
				.ignoreExceptions()
				.untilAsserted(() -> assertThat(texts("[data-route='api'] .route-settings li")).containsExactly(
						"slowStart 30s", "maxInFlight 8", "queueTimeout 100ms", "adaptiveLimit", "retryBudget 12.5 %",
						"hedge p95", "zoneAware"));

			putRoute("{\"policy\":\"round-robin\"}");
			await().atMost(LIVE).ignoreExceptions().untilAsserted(() -> {
				assertThat(routePolicy()).isEqualTo("round-robin");
				assertThat(texts("[data-route='api'] .route-settings li")).isEmpty();
				assertThat(page().findElement(By.cssSelector("[data-route='api'] .route-settings"))
					.getDomAttribute("data-empty")).isEqualTo("true");
			});
		}
		finally {
			putRoute("{\"policy\":\"round-robin\"}");
		}
	}

	private void putRoute(String json) {
		int status = this.cluster
			.send("PUT", this.cluster.gatewayUrl() + "/admin/lb/routes/api", this.cluster.adminToken(), json)
			.statusCode();
		assertThat(status).isEqualTo(200);
	}

	private void switchPolicy(String policy) {
		new Select(page().findElement(By.cssSelector("[data-route='api'] select"))).selectByValue(policy);
		page().findElement(By.cssSelector("[data-route='api'] .apply-policy")).click();
		await().atMost(LIVE)
			.untilAsserted(
					() -> assertThat(adminLb().path("routes").path("api").path("policy").asString()).isEqualTo(policy));
	}

	private WebElement awaitDone(String id) {
		await().atMost(Duration.ofSeconds(30))
			.until(() -> "true".equals(page().findElement(By.id(id)).getDomAttribute("data-done")));
		return page().findElement(By.id(id));
	}

	private long chartPoints(String id) {
		String points = page().findElement(By.id(id)).getDomAttribute("data-points");
		return (points != null) ? Long.parseLong(points) : 0;
	}

	private double chartLast(String id) {
		return Double.parseDouble(page().findElement(By.id(id)).getDomAttribute("data-last"));
	}

	private WebElement tierRow(String gatewayId) {
		return page().findElement(By.cssSelector("#tier tr[data-gateway-id='" + gatewayId + "']"));
	}

	private void registerGateway(String instanceId, int port) {
		String body = "{\"host\":\"127.0.0.1\",\"port\":" + port + ",\"metadata\":{},\"ttlSeconds\":300}";
		int status = this.cluster
			.send("PUT", this.cluster.registryUrl() + "/v1/services/gateway/instances/" + instanceId,
					this.cluster.registryToken(), body)
			.statusCode();
		assertThat(status).isEqualTo(200);
	}

	private WebDriver page() {
		return this.browser.driver();
	}

	private void giveToken() {
		await().atMost(LIVE).until(this::tokenDialogOpen);
		page().findElement(By.id("token-input")).sendKeys(this.cluster.adminToken());
		page().findElement(By.id("token-ok")).click();
		await().atMost(LIVE).until(() -> !tokenDialogOpen());
	}

	private boolean tokenDialogOpen() {
		return Boolean.TRUE.equals(this.browser.script("return document.getElementById('token-dialog').open"));
	}

	private List<String> sendRequests(int count, boolean explain) {
		WebElement n = page().findElement(By.id("send-count"));
		n.clear();
		n.sendKeys(String.valueOf(count));
		WebElement explainBox = page().findElement(By.id("send-explain"));
		if (explainBox.isSelected() != explain) {
			explainBox.click();
		}
		page().findElement(By.id("send")).click();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> "true".equals(page().findElement(By.id("send-status")).getDomAttribute("data-done")));
		return strings("return [...document.querySelectorAll('#cells li')].map((cell) => cell.dataset.servedBy)");
	}

	private Map<String, Long> tally() {
		Map<String, Long> tally = new LinkedHashMap<>();
		for (WebElement entry : page().findElements(By.cssSelector("#tally .tally-entry"))) {
			tally.put(entry.getDomAttribute("data-instance"),
					Long.parseLong(entry.findElement(By.className("count")).getText()));
		}
		return tally;
	}

	private String routePolicy() {
		return page().findElement(By.cssSelector("[data-route='api'] .policy")).getText();
	}

	private WebElement row(String instanceId) {
		return page().findElement(By.cssSelector("#instances tr[data-instance-id='" + instanceId + "']"));
	}

	private List<String> rows(String data) {
		return strings(
				"return [...document.querySelectorAll('#instances tbody tr')].map((row) => row.dataset[arguments[0]])",
				data);
	}

	private List<String> texts(String selector) {
		return page().findElements(By.cssSelector(selector)).stream().map(WebElement::getText).toList();
	}

	@SuppressWarnings("unchecked")
	private List<String> strings(String script, Object... arguments) {
		return ((List<Object>) this.browser.script(script, arguments)).stream().map(String::valueOf).toList();
	}

	private JsonNode adminLb() {
		return Http.json(this.http.get(this.cluster.gatewayUrl() + "/admin/lb",
				Map.of("Authorization", "Bearer " + this.cluster.adminToken())));
	}

	private JsonNode registryInstances() {
		return Http.json(this.http.get(this.cluster.registryUrl() + "/v1/services/node-service")).path("instances");
	}

	private String registryStatus(String instanceId) {
		for (JsonNode instance : registryInstances()) {
			if (instanceId.equals(instance.path("instanceId").asString())) {
				return instance.path("status").asString();
			}
		}
		return null;
	}

	/** The chaos in force, asked of the node itself rather than through the gateway. */
	private JsonNode nodeChaos(String instanceId) {
		for (JsonNode instance : registryInstances()) {
			if (instanceId.equals(instance.path("instanceId").asString())) {
				String url = "http://" + instance.path("host").asString() + ":" + instance.path("port").asInt()
						+ "/admin/chaos";
				return Http.json(this.http.get(url, Map.of("Authorization", "Bearer " + this.cluster.adminToken())));
			}
		}
		throw new IllegalStateException("No " + instanceId + " in the registry");
	}

}
