package dev.switchyard.registry.instance;

import java.time.Clock;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code registry.instances} by service and status, so that a dashboard counting nodes
 * does not count the gateways.
 */
class InstanceMetricsTests {

	private final InstanceStore store = new InstanceStore(Clock.systemUTC());

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	@Test
	void shouldCountTheInstancesOfEachServiceByStatus() {
		this.store.register(new InstanceKey("node-service", "node-1"), "127.0.0.1", 8081, Map.of(), 30);
		new InstanceMetrics(this.store).bindTo(this.registry);
		// a service that registers after the binding gets its gauges too
		this.store.register(new InstanceKey("node-service", "node-2"), "127.0.0.1", 8082, Map.of(), 30);
		this.store.register(new InstanceKey("gateway", "gateway-1"), "127.0.0.1", 8091, Map.of(), 30);
		this.store.register(new InstanceKey("gateway", "gateway-2"), "127.0.0.1", 8092, Map.of(), 30);
		this.store.requestStatus(new InstanceKey("gateway", "gateway-2"), InstanceStatus.DRAINING);

		assertThat(instances("node-service", "UP")).isEqualTo(2);
		assertThat(instances("node-service", "DRAINING")).isZero();
		assertThat(instances("gateway", "UP")).isEqualTo(1);
		assertThat(instances("gateway", "DRAINING")).isEqualTo(1);
		assertThat(this.registry.find("registry.instances").tag("status", "UP").gauges()).hasSize(2);
	}

	private double instances(String service, String status) {
		return this.registry.get("registry.instances").tag("service", service).tag("status", status).gauge().value();
	}

}
