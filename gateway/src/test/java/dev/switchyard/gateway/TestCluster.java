package dev.switchyard.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.switchyard.gateway.admin.InstanceState;
import dev.switchyard.gateway.admin.LoadBalancerState;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The registry and nodes the gateway tests balance over, real HTTP servers on loopback
 * ports, started once and shared by every test context.
 */
public final class TestCluster {

	/** The admin token of the gateway under test. */
	public static final String ADMIN_TOKEN = "test-admin-token";

	/** The balanced service. */
	public static final String SERVICE = "node-service";

	private static TestCluster instance;

	private final FakeRegistry registry;

	private final Map<String, FakeNode> nodes = new ConcurrentHashMap<>();

	private TestCluster(FakeRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Return the cluster, started on first use.
	 * @return the cluster
	 */
	public static synchronized TestCluster get() {
		if (instance == null) {
			try {
				TestCluster cluster = new TestCluster(FakeRegistry.start());
				Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop));
				instance = cluster;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return instance;
	}

	public FakeRegistry registry() {
		return this.registry;
	}

	/**
	 * Return a node, started on first use, answering 200.
	 * @param instanceId the node's instance id
	 * @return the node
	 */
	public FakeNode node(String instanceId) {
		return this.nodes.computeIfAbsent(instanceId, (id) -> {
			try {
				return FakeNode.start(id);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
	}

	/**
	 * Register instances of the service and wait until the gateway sees exactly them.
	 * @param client the gateway's client
	 * @param instances the instances
	 */
	public void register(WebTestClient client, FakeRegistry.Instance... instances) {
		this.registry.set(SERVICE, instances);
		Map<String, String> expected = new LinkedHashMap<>();
		for (FakeRegistry.Instance registered : instances) {
			expected.put(registered.instanceId(), registered.status());
		}
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(seen(client)).isEqualTo(expected));
	}

	private static Map<String, String> seen(WebTestClient client) {
		LoadBalancerState state = client.get()
			.uri("/admin/lb")
			.headers((headers) -> headers.setBearerAuth(ADMIN_TOKEN))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(LoadBalancerState.class)
			.returnResult()
			.getResponseBody();
		Map<String, String> seen = new LinkedHashMap<>();
		for (InstanceState instance : state.instances()) {
			seen.put(instance.instanceId(), instance.status());
		}
		return seen;
	}

	private void stop() {
		this.nodes.values().forEach(FakeNode::close);
		this.registry.close();
	}

	/**
	 * Points the gateway at the cluster's registry.
	 */
	public static class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			TestPropertyValues
				.of("registry.client.urls=" + get().registry().url(), "registry.client.discovery.max-wait=1s",
						"gateway.admin.token=" + ADMIN_TOKEN,
						// the gateway tests check balancing, not the gateway's own
						// registration
						"registry.client.registration.enabled=false",
						// a single gateway: the fake registry serves no key/value store
						"gateway.settings.store=local")
				.applyTo(context);
		}

	}

}
