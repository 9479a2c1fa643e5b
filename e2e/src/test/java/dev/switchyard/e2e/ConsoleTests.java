package dev.switchyard.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
	}

	@Test
	@Order(3)
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
	@Order(4)
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

		this.browser.screenshot(TARGET.resolve("console.png"));
	}

	@Test
	@Order(5)
	void shouldKeepTheTokenInThePagesMemoryOnly() {
		String token = this.cluster.adminToken();

		Object stores = this.browser
			.script("return JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } })"
					+ " + document.cookie");
		String state = this.http.get(this.cluster.gatewayUrl() + "/cluster/state").body();

		assertThat((String) stores).doesNotContain(token);
		assertThat(state).doesNotContain(token).doesNotContain(this.cluster.registryToken());
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
