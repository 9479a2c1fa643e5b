package dev.switchyard.registry.lease;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.switchyard.registry.instance.Instance;
import dev.switchyard.registry.instance.InstanceKey;
import dev.switchyard.registry.instance.InstanceStore;
import dev.switchyard.registry.instance.MutableClock;
import dev.switchyard.registry.instance.RemovalReason;
import org.junit.jupiter.api.Test;

import org.springframework.scheduling.config.ScheduledTaskRegistrar;

import static org.assertj.core.api.Assertions.assertThat;

class LeaseReaperTests {

	private final LeaseProperties properties = new LeaseProperties(Duration.ofSeconds(10), Duration.ofMillis(250));

	@Test
	void shouldRemoveOnlyExpiredInstances() {
		MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
		InstanceStore store = new InstanceStore(clock);
		store.register(new InstanceKey("orders", "short"), "127.0.0.1", 8081, Map.of(), 1);
		store.register(new InstanceKey("orders", "long"), "127.0.0.1", 8082, Map.of(), 60);
		LeaseReaper reaper = new LeaseReaper(store, this.properties);
		clock.advance(Duration.ofSeconds(2));

		reaper.reap();

		assertThat(store.service("orders").instances()).extracting(Instance::instanceId).containsExactly("long");
		assertThat(store.removals(RemovalReason.EXPIRED)).isOne();
	}

	@Test
	void shouldScheduleAtConfiguredInterval() {
		LeaseReaper reaper = new LeaseReaper(new InstanceStore(Clock.systemUTC()), this.properties);
		ScheduledTaskRegistrar registrar = new ScheduledTaskRegistrar();

		reaper.configureTasks(registrar);

		assertThat(registrar.getFixedDelayTaskList()).singleElement()
			.satisfies((task) -> assertThat(task.getIntervalDuration()).isEqualTo(Duration.ofMillis(250)));
	}

}
