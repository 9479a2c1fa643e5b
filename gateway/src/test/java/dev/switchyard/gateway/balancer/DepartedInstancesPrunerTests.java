package dev.switchyard.gateway.balancer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import dev.switchyard.gateway.balancer.policy.TestInstances;
import dev.switchyard.gateway.balancer.stats.BalancerStatistics;
import dev.switchyard.gateway.balancer.stats.InstanceStats;

import org.springframework.cloud.client.ServiceInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Instances that leave the registry leave no statistics and no meters behind, however
 * many come and go.
 */
class DepartedInstancesPrunerTests {

	private static final int ROUNDS = 50;

	private static final int LIVE = 20;

	private final AtomicLong clock = new AtomicLong();

	private final BalancerStatistics statistics = BalancerStatistics.withDefaults(this.clock::get);

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final BalancerMetrics metrics = new BalancerMetrics(this.statistics);

	private final Sinks.Many<List<ServiceInstance>> registryUpdates = Sinks.many().replay().latest();

	private final DepartedInstancesPruner pruner = new DepartedInstancesPruner(this.statistics,
			(service) -> this.registryUpdates.asFlux());

	@AfterEach
	void stopPruner() {
		this.pruner.destroy();
	}

	@Test
	void shouldKeepMetersAndStatisticsFlatWhileInstancesComeAndGo() {
		this.metrics.bindTo(this.registry);
		List<Integer> meterCounts = new ArrayList<>();

		for (int round = 0; round < ROUNDS; round++) {
			List<ServiceInstance> generation = generation(round);
			this.registryUpdates.tryEmitNext(generation);
			for (ServiceInstance instance : generation) {
				this.statistics.begin(instance).responded(200);
				this.metrics.attempt(instance.getServiceId(), instance.getInstanceId(), "round-robin", "2xx",
						1_000_000);
			}
			await().atMost(Duration.ofSeconds(5))
				.until(() -> this.statistics.all().size() == LIVE && this.metrics.instancesWithMeters() == LIVE);
			meterCounts.add(this.registry.getMeters().size());
		}

		assertThat(meterCounts).hasSize(ROUNDS).containsOnly(meterCounts.get(0));
		assertThat(this.statistics.all()).extracting(InstanceStats::instanceId)
			.containsExactlyInAnyOrderElementsOf(
					generation(ROUNDS - 1).stream().map(ServiceInstance::getInstanceId).toList());
		assertThat(this.registry.find("gateway.lb.in.flight").gauges()).hasSize(LIVE);
		assertThat(this.registry.find("gateway.lb.picks").counters()).hasSize(LIVE);
		assertThat(this.registry.find("gateway.lb.attempts").tag("upstream_instance", "pod-0-0").timers()).isEmpty();
	}

	@Test
	void shouldDropOnlyTheDepartedInstancesOfThatService() {
		ServiceInstance stays = TestInstances.up("stays");
		ServiceInstance leaves = TestInstances.up("leaves");
		this.metrics.bindTo(this.registry);
		this.statistics.begin(stays).close();
		this.statistics.begin(leaves).close();
		this.statistics.of("other-service", "elsewhere");

		int dropped = this.statistics.retain(stays.getServiceId(), List.of("stays"));

		assertThat(dropped).isOne();
		assertThat(this.statistics.all()).extracting(InstanceStats::instanceId)
			.containsExactlyInAnyOrder("stays", "elsewhere");
		assertThat(this.registry.find("gateway.lb.requests").tag("upstream_instance", "leaves").meters()).isEmpty();
		assertThat(this.registry.find("gateway.lb.requests").tag("upstream_instance", "stays").meters()).hasSize(1);
	}

	/**
	 * Following a service starts its registry watcher, which may wait; no other thread
	 * creating statistics of that service may wait with it (a gateway's event loop did,
	 * holding the map's lock that the watcher's subscriber then wanted: both hung).
	 */
	@Test
	void shouldKeepNoOtherThreadWaitingWhileItStartsFollowingAService() throws Exception {
		CountDownLatch applying = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		BalancerStatistics statistics = BalancerStatistics.withDefaults(this.clock::get);
		DepartedInstancesPruner slow = new DepartedInstancesPruner(statistics, (service) -> {
			applying.countDown();
			try {
				release.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return Flux.never();
		});
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			CompletableFuture<InstanceStats> first = CompletableFuture
				.supplyAsync(() -> statistics.of("node-service", "node-1"), threads);
			assertThat(applying.await(3, TimeUnit.SECONDS)).as("the pruner is starting to follow").isTrue();

			CompletableFuture<InstanceStats> second = CompletableFuture
				.supplyAsync(() -> statistics.of("node-service", "node-2"), threads);

			assertThat(second).as("statistics of the same service on another thread")
				.succeedsWithin(Duration.ofSeconds(2));
			release.countDown();
			assertThat(first).succeedsWithin(Duration.ofSeconds(2));
		}
		finally {
			release.countDown();
			slow.destroy();
			threads.shutdownNow();
		}
	}

	private static List<ServiceInstance> generation(int round) {
		List<ServiceInstance> instances = new ArrayList<>();
		for (int i = 0; i < LIVE; i++) {
			// a rolling update: half the pods of the last round stay, half are new
			int pod = round * LIVE / 2 + i;
			instances.add(TestInstances.up("pod-" + (pod / LIVE) + "-" + (pod % LIVE)));
		}
		return instances;
	}

}
