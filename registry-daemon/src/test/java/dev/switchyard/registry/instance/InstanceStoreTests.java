package dev.switchyard.registry.instance;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class InstanceStoreTests {

	private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

	private final MutableClock clock = new MutableClock(START);

	private final InstanceStore store = new InstanceStore(this.clock);

	private final InstanceKey orders1 = new InstanceKey("orders", "node-1");

	@Test
	void shouldRegisterInstanceAsUp() {
		Instance instance = register(this.orders1, 10);

		assertThat(instance.status()).isEqualTo(InstanceStatus.UP);
		assertThat(instance.host()).isEqualTo("127.0.0.1");
		assertThat(instance.port()).isEqualTo(8081);
		assertThat(instance.metadata()).containsEntry("weight", "2");
		assertThat(instance.ttlSeconds()).isEqualTo(10);
		assertThat(instance.registeredAt()).isEqualTo(START);
		assertThat(instance.lastHeartbeat()).isEqualTo(START);
		assertThat(this.store.service("orders").instances()).containsExactly(instance);
	}

	@Test
	void shouldIncrementIndexOnEveryChange() {
		register(this.orders1, 10);
		long afterRegister = this.store.index();

		this.store.requestStatus(this.orders1, InstanceStatus.DRAINING);
		long afterStatus = this.store.index();
		this.store.patchMetadata(this.orders1, Map.of("weight", "5"));
		long afterMetadata = this.store.index();
		this.store.deregister(this.orders1);
		long afterDeregister = this.store.index();

		assertThat(List.of(afterRegister, afterStatus, afterMetadata, afterDeregister)).containsExactly(1L, 2L, 3L, 4L);
		assertThat(this.store.service("orders").index()).isEqualTo(4);
	}

	@Test
	void shouldNotIncrementIndexOnHeartbeat() {
		register(this.orders1, 10);
		long before = this.store.index();
		this.clock.advance(Duration.ofSeconds(3));

		Instance renewed = this.store.heartbeat(this.orders1).orElseThrow();

		assertThat(this.store.index()).isEqualTo(before);
		assertThat(renewed.lastHeartbeat()).isEqualTo(START.plusSeconds(3));
	}

	@Test
	void shouldNotIncrementIndexWhenNothingChanges() {
		register(this.orders1, 10);
		long before = this.store.index();

		this.store.requestStatus(this.orders1, InstanceStatus.UP);
		this.store.patchMetadata(this.orders1, Map.of("weight", "2"));

		assertThat(this.store.index()).isEqualTo(before);
	}

	@Test
	void shouldSortInstancesByInstanceId() {
		for (String id : List.of("node-c", "node-a", "node-b")) {
			register(new InstanceKey("orders", id), 10);
		}

		List<Instance> instances = this.store.service("orders").instances();

		assertThat(instances).extracting(Instance::instanceId).containsExactly("node-a", "node-b", "node-c");
	}

	@Test
	void shouldExpireLeaseAfterTtl() {
		register(this.orders1, 10);
		this.clock.advance(Duration.ofSeconds(10));
		assertThat(this.store.expireLeases()).isEmpty();
		long before = this.store.index();

		this.clock.advance(Duration.ofMillis(1));
		List<Instance> expired = this.store.expireLeases();

		assertThat(expired).extracting(Instance::instanceId).containsExactly("node-1");
		assertThat(this.store.service("orders").instances()).isEmpty();
		assertThat(this.store.index()).isEqualTo(before + 1);
		assertThat(this.store.removals(RemovalReason.EXPIRED)).isEqualTo(1);
		assertThat(this.store.removals(RemovalReason.DEREGISTERED)).isZero();
	}

	@Test
	void shouldKeepLeaseAliveWithHeartbeats() {
		register(this.orders1, 10);

		for (int i = 0; i < 5; i++) {
			this.clock.advance(Duration.ofSeconds(8));
			assertThat(this.store.heartbeat(this.orders1)).isPresent();
			this.store.expireLeases();
		}

		assertThat(this.store.service("orders").instances()).hasSize(1);
	}

	@Test
	void shouldRemoveInsteadOfRenewingLeaseThatRanOut() {
		register(this.orders1, 10);
		this.clock.advance(Duration.ofSeconds(11));

		assertThat(this.store.heartbeat(this.orders1)).isEmpty();

		assertThat(this.store.service("orders").instances()).isEmpty();
		assertThat(this.store.removals(RemovalReason.EXPIRED)).isEqualTo(1);
	}

	@Test
	void shouldRecordDeregistrationReason() {
		register(this.orders1, 10);

		assertThat(this.store.deregister(this.orders1)).isPresent();
		assertThat(this.store.deregister(this.orders1)).isEmpty();

		assertThat(this.store.removals(RemovalReason.DEREGISTERED)).isEqualTo(1);
		assertThat(this.store.removals(RemovalReason.EXPIRED)).isZero();
	}

	@Test
	void shouldKeepServiceIndexAfterLastInstanceLeaves() {
		register(this.orders1, 10);
		this.store.deregister(this.orders1);
		long removedAt = this.store.index();

		register(new InstanceKey("billing", "node-1"), 10);

		ServiceSnapshot orders = this.store.service("orders");
		assertThat(orders.index()).isEqualTo(removedAt);
		assertThat(orders.instances()).isEmpty();
		assertThat(this.store.catalog().services()).containsOnlyKeys("billing");
	}

	@Test
	void shouldReportCurrentIndexForUnknownService() {
		register(this.orders1, 10);

		ServiceSnapshot unknown = this.store.service("unknown");

		assertThat(unknown.index()).isEqualTo(this.store.index());
		assertThat(unknown.instances()).isEmpty();
	}

	@Test
	void shouldReplaceRegistrationWithNewLease() {
		register(this.orders1, 10);
		this.store.requestStatus(this.orders1, InstanceStatus.DRAINING);
		this.clock.advance(Duration.ofSeconds(5));
		long before = this.store.index();

		Instance replaced = this.store.register(this.orders1, "127.0.0.2", 9090, Map.of(), 30);

		assertThat(replaced.status()).isEqualTo(InstanceStatus.UP);
		assertThat(replaced.registeredAt()).isEqualTo(START.plusSeconds(5));
		assertThat(replaced.metadata()).isEmpty();
		assertThat(this.store.index()).isEqualTo(before + 1);
		assertThat(this.store.service("orders").instances()).containsExactly(replaced);
	}

	@Test
	void shouldMergeMetadataAndRemoveKeysSetToNull() {
		this.store.register(this.orders1, "127.0.0.1", 8081, Map.of("weight", "2", "zone", "a"), 10);
		Map<String, String> patch = new HashMap<>();
		patch.put("weight", "7");
		patch.put("zone", null);
		patch.put("version", "1.2.0");

		Instance patched = this.store.patchMetadata(this.orders1, patch).orElseThrow();

		assertThat(patched.metadata()).containsExactly(Map.entry("version", "1.2.0"), Map.entry("weight", "7"));
	}

	@Test
	void shouldRejectMetadataPatchThatBreaksRules() {
		register(this.orders1, 10);
		Map<String, String> tooMany = new HashMap<>();
		for (int i = 0; i < MetadataRules.MAX_ENTRIES; i++) {
			tooMany.put("key" + i, "value");
		}
		long before = this.store.index();

		assertThatExceptionOfType(InvalidMetadataException.class)
			.isThrownBy(() -> this.store.patchMetadata(this.orders1, tooMany))
			.satisfies((ex) -> assertThat(ex.getViolations()).singleElement().asString().contains("64"));
		assertThatExceptionOfType(InvalidMetadataException.class)
			.isThrownBy(() -> this.store.patchMetadata(this.orders1, Map.of("weight", "0")));
		assertThatExceptionOfType(InvalidMetadataException.class)
			.isThrownBy(() -> this.store.patchMetadata(this.orders1, Map.of("bad key", "x")));

		assertThat(this.store.index()).isEqualTo(before);
		assertThat(this.store.service("orders").instances().get(0).metadata()).containsOnlyKeys("weight");
	}

	@Test
	void shouldShowDownWhileHealthCheckFailsWithoutForgettingDrain() {
		register(this.orders1, 10);
		HealthTarget target = this.store.healthTargets().get(0);
		this.store.requestStatus(this.orders1, InstanceStatus.DRAINING);
		long before = this.store.index();

		assertThat(this.store.updateHealth(target, false, "test")).isTrue();
		InstanceStatus whileFailing = status(this.orders1);
		assertThat(this.store.updateHealth(target, true, "test")).isTrue();

		assertThat(whileFailing).isEqualTo(InstanceStatus.DOWN);
		assertThat(status(this.orders1)).isEqualTo(InstanceStatus.DRAINING);
		assertThat(this.store.index()).isEqualTo(before + 2);
	}

	@Test
	void shouldIgnoreHealthResultForReplacedRegistration() {
		register(this.orders1, 10);
		HealthTarget stale = this.store.healthTargets().get(0);
		register(this.orders1, 10);

		boolean changed = this.store.updateHealth(stale, false, "test");

		assertThat(changed).isFalse();
		assertThat(status(this.orders1)).isEqualTo(InstanceStatus.UP);
	}

	@Test
	void shouldCountInstancesByStatus() {
		register(this.orders1, 10);
		register(new InstanceKey("orders", "node-2"), 10);
		this.store.requestStatus(this.orders1, InstanceStatus.DRAINING);

		assertThat(this.store.count(InstanceStatus.UP)).isOne();
		assertThat(this.store.count(InstanceStatus.DRAINING)).isOne();
		assertThat(this.store.count(InstanceStatus.DOWN)).isZero();
	}

	@Test
	void shouldWakeWaiterWhenItsServiceChanges() {
		CompletableFuture<Void> change = this.store.awaitChange("orders", this.store.index());
		assertThat(change).isNotDone();

		register(this.orders1, 10);

		assertThat(change).isCompleted();
		assertThat(this.store.waiting()).isZero();
	}

	@Test
	void shouldNotWakeWaiterForOtherServiceOrHeartbeat() {
		register(this.orders1, 10);
		CompletableFuture<Void> change = this.store.awaitChange("orders", this.store.index());

		register(new InstanceKey("billing", "node-1"), 10);
		this.store.heartbeat(this.orders1);

		assertThat(change).isNotDone();
		assertThat(this.store.waiting()).isOne();
	}

	@Test
	void shouldWakeCatalogWaiterOnAnyChange() {
		CompletableFuture<Void> change = this.store.awaitAnyChange(this.store.index());

		register(new InstanceKey("billing", "node-1"), 10);

		assertThat(change).isCompleted();
	}

	@Test
	void shouldAnswerAtOnceWhenIndexIsBehindOrAheadOfRegistry() {
		register(this.orders1, 10);
		register(this.orders1, 10);

		CompletableFuture<Void> behind = this.store.awaitChange("orders", 1);
		CompletableFuture<Void> ahead = this.store.awaitChange("orders", 1000);

		assertThat(behind).isCompleted();
		assertThat(ahead).isCompleted();
		assertThat(this.store.waiting()).isZero();
	}

	@Test
	void shouldWakeWaiterForFirstInstanceOfUnknownService() {
		register(this.orders1, 10);
		long index = this.store.service("billing").index();
		CompletableFuture<Void> change = this.store.awaitChange("billing", index);

		register(new InstanceKey("billing", "node-1"), 10);

		assertThat(change).isCompleted();
	}

	@Test
	void shouldForgetCancelledWaiter() {
		CompletableFuture<Void> change = this.store.awaitChange("orders", 0);

		change.cancel(false);

		assertThat(this.store.waiting()).isZero();
	}

	@Test
	void shouldReleaseWaitersOnShutdown() {
		CompletableFuture<Void> change = this.store.awaitChange("orders", 0);

		this.store.release();

		assertThat(change).isCompleted();
		assertThat(this.store.awaitChange("orders", 0)).isCompleted();
	}

	private Instance register(InstanceKey key, int ttlSeconds) {
		return this.store.register(key, "127.0.0.1", 8081, Map.of("weight", "2"), ttlSeconds);
	}

	private InstanceStatus status(InstanceKey key) {
		return this.store.service(key.service())
			.instances()
			.stream()
			.filter((instance) -> instance.instanceId().equals(key.instanceId()))
			.findFirst()
			.orElseThrow()
			.status();
	}

}
