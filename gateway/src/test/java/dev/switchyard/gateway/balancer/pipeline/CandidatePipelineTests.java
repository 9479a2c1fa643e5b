package dev.switchyard.gateway.balancer.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.switchyard.gateway.balancer.RoutePolicy;
import dev.switchyard.gateway.balancer.policy.Candidates;
import dev.switchyard.gateway.balancer.stats.BalancerStatistics;
import dev.switchyard.gateway.balancer.stats.UpstreamCall;
import dev.switchyard.registry.client.RegisteredInstance;
import dev.switchyard.registry.client.discovery.RegistryServiceInstance;

import org.springframework.cloud.client.ServiceInstance;

import static dev.switchyard.gateway.balancer.policy.TestInstances.SERVICE;
import static dev.switchyard.gateway.balancer.policy.TestInstances.down;
import static dev.switchyard.gateway.balancer.policy.TestInstances.draining;
import static dev.switchyard.gateway.balancer.policy.TestInstances.request;
import static dev.switchyard.gateway.balancer.policy.TestInstances.up;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Each stage of the {@link CandidatePipeline}, with a clock and a chance the test sets.
 */
class CandidatePipelineTests {

	private static final RoutePolicy PLAIN = new RoutePolicy("round-robin", null);

	private final AtomicLong clock = new AtomicLong();

	private final BalancerStatistics statistics = BalancerStatistics.withDefaults(this.clock::get);

	private double chance = 0.5;

	@Test
	void shouldKeepUpInstancesAndDrainingOnesOnlyForAffinity() {
		List<ServiceInstance> instances = List.of(up("a"), draining("b"), down("c"));
		PipelineContext context = context(PLAIN, instances, false);

		Candidates candidates = CandidatePipeline.builder().withStatus().build().filter(context);

		assertThat(ids(candidates.available())).containsExactly("a");
		assertThat(ids(candidates.affinity())).containsExactly("a", "b");
		assertThat(context.skipped()).containsEntry("b", "DRAINING").containsEntry("c", "DOWN");
	}

	@Test
	void shouldLeaveOutEjectedInstancesButNeverMoreThanHalf() {
		List<ServiceInstance> instances = List.of(up("a"), up("b"), up("c"), up("d"));
		for (ServiceInstance instance : instances.subList(0, 3)) {
			fail(instance);
			this.clock.addAndGet(1_000_000);
		}
		PipelineContext context = context(PLAIN, instances, false);

		Candidates candidates = CandidatePipeline.builder()
			.withStatus()
			.withEjection(this.statistics)
			.build()
			.filter(context);

		assertThat(ids(candidates.available())).containsExactly("a", "d");
		assertThat(context.skipped()).containsOnlyKeys("b", "c").containsEntry("b", "ejected");
	}

	@Test
	void shouldRampAReturningInstanceFromATenthToFullOverTheWindow() {
		RoutePolicy slow = settings(Map.of("slowStart", Duration.ofSeconds(30)));
		CandidatePipeline pipeline = CandidatePipeline.builder()
			.withStatus()
			.withSlowStart(this.clock::get, () -> this.chance)
			.build();
		pipeline.filter(context(slow, List.of(up("a"), up("b")), false));
		pipeline.filter(context(slow, List.of(up("a")), false));

		Map<Long, Double> shares = new HashMap<>();
		for (long second : new long[] { 0, 15, 30 }) {
			this.clock.set(Duration.ofSeconds(second).toNanos());
			PipelineContext context = context(slow, List.of(up("a"), up("b")), true);
			shares.put(second, pipeline.filter(context).share(up("b")));
		}

		assertThat(shares.get(0L)).isCloseTo(0.1, within(1e-9));
		assertThat(shares.get(15L)).isCloseTo(0.55, within(1e-9));
		assertThat(shares.get(30L)).isEqualTo(1.0);
	}

	@Test
	void shouldMakeTheShareAChanceOfBeingACandidateForUnweightedPolicies() {
		RoutePolicy slow = settings(Map.of("slowStart", Duration.ofSeconds(10)));
		CandidatePipeline pipeline = CandidatePipeline.builder()
			.withStatus()
			.withSlowStart(this.clock::get, () -> this.chance)
			.build();
		pipeline.filter(context(slow, List.of(up("a")), false));
		this.clock.set(Duration.ofSeconds(5).toNanos());
		pipeline.filter(context(slow, List.of(up("a"), up("b")), false));

		this.chance = 0.6;
		PipelineContext unlucky = context(slow, List.of(up("a"), up("b")), false);
		Candidates without = pipeline.filter(unlucky);
		this.chance = 0.05;
		Candidates with = pipeline.filter(context(slow, List.of(up("a"), up("b")), false));

		assertThat(ids(without.available())).containsExactly("a");
		assertThat(unlucky.skipped()).containsEntry("b", "slow-start 10%");
		assertThat(ids(with.available())).containsExactly("a", "b");
	}

	@Test
	void shouldTakeTheInstancesSeenFirstAsWarm() {
		RoutePolicy slow = settings(Map.of("slowStart", Duration.ofSeconds(10)));
		CandidatePipeline pipeline = CandidatePipeline.builder()
			.withStatus()
			.withSlowStart(this.clock::get, () -> 0.99)
			.build();

		Candidates candidates = pipeline.filter(context(slow, List.of(up("a"), up("b")), false));

		assertThat(ids(candidates.available())).containsExactly("a", "b");
		assertThat(candidates.shares()).isEmpty();
	}

	@Test
	void shouldPreferTheLocalZone() {
		List<ServiceInstance> instances = List.of(zoned("a", "z1"), zoned("b", "z2"), zoned("c", "z1"));
		PipelineContext context = context(settings(Map.of("zoneAware", true)), instances, false);

		Candidates candidates = zonePipeline().filter(context);

		assertThat(ids(candidates.available())).containsExactly("a", "c");
		assertThat(context.skipped()).containsEntry("b", "other-zone");
		assertThat(context.notes()).containsExactly("zone=z1");
	}

	@Test
	void shouldSpillOverWhenTheLocalZoneIsUnhealthy() {
		List<ServiceInstance> instances = List.of(zoned("a", "z1"), zoned("b", "z2"),
				zoned("c", "z1", RegisteredInstance.DOWN), zoned("d", "z1", RegisteredInstance.DOWN));
		PipelineContext context = context(settings(Map.of("zoneAware", true)), instances, false);

		Candidates candidates = zonePipeline().filter(context);

		assertThat(ids(candidates.available())).containsExactly("a", "b");
		assertThat(context.notes()).containsExactly("zone=z1 spill(unhealthy)");
	}

	@Test
	void shouldSpillOverWhenTheLocalZoneIsLoadedAboveTheOthers() {
		List<ServiceInstance> instances = List.of(zoned("a", "z1"), zoned("b", "z2"));
		for (int i = 0; i < 4; i++) {
			this.statistics.begin(instances.get(0));
		}
		PipelineContext context = context(settings(Map.of("zoneAware", true)), instances, false);

		Candidates candidates = zonePipeline().filter(context);

		assertThat(ids(candidates.available())).containsExactly("a", "b");
		assertThat(context.notes()).containsExactly("zone=z1 spill(loaded)");
	}

	@Test
	void shouldLeaveOutFullInstancesAndSayWhenAllAre() {
		List<ServiceInstance> instances = List.of(up("a"), up("b"));
		this.statistics.begin(instances.get(0));
		this.statistics.begin(instances.get(0));
		this.statistics.begin(instances.get(1));
		RoutePolicy capped = settings(Map.of("maxInFlight", 2));
		CandidatePipeline pipeline = CandidatePipeline.builder().withStatus().withCapacity(this.statistics).build();

		PipelineContext one = context(capped, instances, false);
		Candidates left = pipeline.filter(one);
		this.statistics.begin(instances.get(1));
		PipelineContext both = context(capped, instances, false);
		Candidates none = pipeline.filter(both);

		assertThat(ids(left.available())).containsExactly("b");
		assertThat(one.skipped()).containsEntry("a", "full 2/2");
		assertThat(one.isFull()).isFalse();
		assertThat(none.isEmpty()).isTrue();
		assertThat(both.isFull()).isTrue();
	}

	private CandidatePipeline zonePipeline() {
		return CandidatePipeline.builder().withStatus().withZonePreference("z1", this.statistics).build();
	}

	private void fail(ServiceInstance instance) {
		for (int i = 0; i < 5; i++) {
			UpstreamCall call = this.statistics.begin(instance);
			call.failed();
		}
	}

	private static RoutePolicy settings(Map<String, Object> settings) {
		return new RoutePolicy("round-robin", null, (Duration) settings.get("slowStart"),
				(Integer) settings.get("maxInFlight"), null, null, null, null, null,
				(Boolean) settings.get("zoneAware"));
	}

	private static PipelineContext context(RoutePolicy settings, List<ServiceInstance> instances, boolean weighted) {
		return new PipelineContext(request(), settings, instances, weighted);
	}

	private static ServiceInstance zoned(String id, String zone) {
		return zoned(id, zone, RegisteredInstance.UP);
	}

	private static ServiceInstance zoned(String id, String zone, String status) {
		return new RegistryServiceInstance(new RegisteredInstance(SERVICE, id, "127.0.0.1", 9000, status,
				Map.of("weight", "1", "zone", zone), 10, Instant.EPOCH, Instant.EPOCH));
	}

	private static List<String> ids(List<ServiceInstance> instances) {
		return instances.stream().map(ServiceInstance::getInstanceId).toList();
	}

}
