package dev.switchyard.gateway.balancer;

import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.switchyard.gateway.balancer.policy.TestInstances;
import dev.switchyard.gateway.balancer.stats.BalancerStatistics;
import dev.switchyard.gateway.balancer.stats.UpstreamCall;

import org.springframework.cloud.client.ServiceInstance;

import static org.assertj.core.api.Assertions.assertThat;

class BalancerMetricsTests {

	private final AtomicLong clock = new AtomicLong();

	private final BalancerStatistics statistics = BalancerStatistics.withDefaults(this.clock::get);

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	@Test
	void shouldPublishEveryInstancesStatistics() {
		ServiceInstance seenBefore = TestInstances.up("a");
		this.statistics.begin(seenBefore);
		new BalancerMetrics(this.statistics).bindTo(this.registry);
		ServiceInstance seenAfter = TestInstances.up("b");

		UpstreamCall call = this.statistics.begin(seenAfter);
		call.responded(503);
		this.statistics.begin(seenAfter).failed();

		assertThat(this.registry.get("gateway.lb.in.flight").tag("upstream_instance", "a").gauge().value())
			.isEqualTo(1);
		assertThat(this.registry.get("gateway.lb.in.flight").tag("upstream_instance", "b").gauge().value())
			.isEqualTo(1);
		assertThat(this.registry.get("gateway.lb.requests").tag("upstream_instance", "b").functionCounter().count())
			.isEqualTo(2);
		assertThat(this.registry.get("gateway.lb.failures").tag("upstream_instance", "b").functionCounter().count())
			.isEqualTo(2);
	}

	@Test
	void shouldRecordAttemptsAndRetries() {
		BalancerMetrics metrics = new BalancerMetrics(this.statistics);
		metrics.bindTo(this.registry);

		metrics.attempt("node-service", "a", "p2c", "2xx", 5_000_000);
		metrics.attempt("node-service", "b", "p2c", "connect", 1_000_000);
		metrics.retry("node-service", "connect");

		assertThat(this.registry.get("gateway.lb.attempts")
			.tags("upstream_instance", "a", "outcome", "2xx")
			.timer()
			.count()).isOne();
		assertThat(this.registry.get("gateway.lb.attempts").timers()).hasSize(2);
		assertThat(this.registry.get("gateway.lb.picks").tags("policy", "p2c").counters()).hasSize(2);
		assertThat(this.registry.get("gateway.lb.retries").tag("reason", "connect").counter().count()).isOne();
	}

	@Test
	void shouldKeepCountingEachInstanceOnItsOwnMeters() {
		BalancerMetrics metrics = new BalancerMetrics(this.statistics);
		metrics.bindTo(this.registry);

		for (int i = 0; i < 300; i++) {
			metrics.attempt("node-service", "a", "round-robin", "2xx", 1_000_000);
			metrics.attempt("node-service", "b", "round-robin", (i % 3 == 0) ? "5xx" : "2xx", 2_000_000);
		}
		metrics.attempt("node-service", "a", "p2c", "2xx", 1_000_000);

		assertThat(this.registry.get("gateway.lb.picks")
			.tags("upstream_instance", "a", "policy", "round-robin")
			.counter()
			.count()).isEqualTo(300);
		assertThat(
				this.registry.get("gateway.lb.picks").tags("upstream_instance", "a", "policy", "p2c").counter().count())
			.isEqualTo(1);
		assertThat(this.registry.get("gateway.lb.picks").tags("upstream_instance", "b").counter().count())
			.isEqualTo(300);
		assertThat(this.registry.get("gateway.lb.attempts")
			.tags("upstream_instance", "a", "outcome", "2xx")
			.timer()
			.count()).isEqualTo(301);
		assertThat(this.registry.get("gateway.lb.attempts")
			.tags("upstream_instance", "b", "outcome", "2xx")
			.timer()
			.count()).isEqualTo(200);
		assertThat(this.registry.get("gateway.lb.attempts")
			.tags("upstream_instance", "b", "outcome", "5xx")
			.timer()
			.count()).isEqualTo(100);
	}

	@Test
	void shouldRegisterTheAttemptsMetersInANewRegistry() {
		BalancerMetrics metrics = new BalancerMetrics(this.statistics);
		metrics.bindTo(new SimpleMeterRegistry());
		metrics.attempt("node-service", "a", "p2c", "2xx", 1_000_000);

		metrics.bindTo(this.registry);
		metrics.attempt("node-service", "a", "p2c", "2xx", 1_000_000);

		assertThat(this.registry.get("gateway.lb.picks").tag("upstream_instance", "a").counter().count()).isOne();
		assertThat(this.registry.get("gateway.lb.attempts").tag("upstream_instance", "a").timer().count()).isOne();
	}

}
