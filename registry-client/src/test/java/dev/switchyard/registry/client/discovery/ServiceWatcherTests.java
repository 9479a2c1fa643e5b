package dev.switchyard.registry.client.discovery;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.switchyard.registry.client.FakeRegistry;
import dev.switchyard.registry.client.RegistryClient;
import dev.switchyard.registry.client.RegistryClientProperties;
import dev.switchyard.registry.client.RegistryClients;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.cloud.client.ServiceInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ServiceWatcherTests {

	private static final RegistryClientProperties.Discovery DISCOVERY = new RegistryClientProperties.Discovery(
			Duration.ofSeconds(2), Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofMillis(100),
			Duration.ofSeconds(1));

	@Test
	void shouldSeeAChangeAsSoonAsTheBlockingQueryReturns() {
		try (FakeRegistry registry = new FakeRegistry(); ServiceWatcher watcher = watcher(registry)) {
			registry.put("node-1", 1001, "UP");
			await().atMost(Duration.ofSeconds(3)).until(() -> ids(watcher).equals(List.of("node-1")));

			long started = System.nanoTime();
			registry.put("node-2", 1002, "UP");
			await().atMost(Duration.ofSeconds(1)).until(() -> ids(watcher).equals(List.of("node-1", "node-2")));

			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1000));
		}
	}

	/**
	 * A subscriber that waits for a lock of its own must not keep {@code start()}
	 * waiting: a gateway's event loop called {@code start()} holding a map's lock that
	 * the subscriber on the polling thread wanted, and both waited forever.
	 */
	@Test
	void shouldNotHoldItsLockWhileASubscriberRuns() throws Exception {
		Object subscribersLock = new Object();
		CountDownLatch subscriberWaiting = new CountDownLatch(1);
		try (FakeRegistry registry = new FakeRegistry(); ServiceWatcher watcher = watcher(registry)) {
			registry.put("node-1", 1001, "UP");
			await().atMost(Duration.ofSeconds(3)).until(() -> ids(watcher).equals(List.of("node-1")));
			watcher.updates().subscribe((instances) -> {
				if (instances.size() == 2) {
					subscriberWaiting.countDown();
					synchronized (subscribersLock) {
						// the lock is all this subscriber needs
					}
				}
			});
			CompletableFuture<ServiceWatcher> started;
			synchronized (subscribersLock) {
				registry.put("node-2", 1002, "UP");
				assertThat(subscriberWaiting.await(3, TimeUnit.SECONDS)).as("the subscriber got node-2").isTrue();

				started = CompletableFuture.supplyAsync(watcher::start);

				assertThat(started).as("start() while a subscriber waits").succeedsWithin(Duration.ofSeconds(2));
			}
			assertThat(ids(watcher)).containsExactly("node-1", "node-2");
		}
	}

	@Test
	void shouldKeepTheLastKnownInstancesWhileTheRegistryIsDown() {
		FakeRegistry registry = new FakeRegistry();
		try (ServiceWatcher watcher = watcher(registry)) {
			registry.put("node-1", 1001, "UP");
			await().atMost(Duration.ofSeconds(3)).until(() -> ids(watcher).equals(List.of("node-1")));

			registry.close();

			await().pollDelay(Duration.ofMillis(500))
				.atMost(Duration.ofSeconds(2))
				.untilAsserted(() -> assertThat(ids(watcher)).containsExactly("node-1"));
		}
	}

	@Test
	void shouldKeepTheInstancesARestartedDaemonHasNotRelearnedYetForTheGraceTime() {
		FakeRegistry registry = new FakeRegistry();
		int port = registry.url().getPort();
		try (ServiceWatcher watcher = watcher(registry)) {
			registry.put("node-1", 1001, "UP");
			registry.put("node-2", 1002, "UP");
			await().atMost(Duration.ofSeconds(3)).until(() -> ids(watcher).size() == 2);
			registry.close();

			try (FakeRegistry restarted = new FakeRegistry(port)) {
				restarted.put("node-1", 1001, "UP");
				await().atMost(Duration.ofSeconds(3))
					.until(() -> watcher.current().stream().anyMatch((instance) -> instance.getPort() == 1001));
				List<String> duringGrace = ids(watcher);

				await().atMost(Duration.ofSeconds(5)).until(() -> ids(watcher).equals(List.of("node-1")));
				assertThat(duringGrace).containsExactly("node-1", "node-2");
			}
		}
	}

	@Test
	void shouldMergeTheInstancesOfEveryDaemon() {
		try (FakeRegistry first = new FakeRegistry();
				FakeRegistry second = new FakeRegistry();
				ServiceWatcher watcher = new ServiceWatcher("node-service",
						new RegistryClients(properties(first.url() + "," + second.url()))::current, DISCOVERY)
					.start()) {

			first.put("node-b", 1002, "UP");
			second.put("node-a", 1001, "DRAINING");

			await().atMost(Duration.ofSeconds(3)).until(() -> ids(watcher).equals(List.of("node-a", "node-b")));
			assertThat(watcher.current().get(0).getStatus()).isEqualTo("DRAINING");
		}
	}

	@Test
	void shouldSupplyEveryInstanceWithItsStatus() {
		try (FakeRegistry registry = new FakeRegistry(); ServiceWatcher watcher = watcher(registry)) {
			registry.put("node-1", 1001, "UP");
			registry.put("node-2", 1002, "DOWN");
			RegistryServiceInstanceListSupplier supplier = new RegistryServiceInstanceListSupplier(watcher,
					Duration.ofSeconds(2));
			await().atMost(Duration.ofSeconds(3)).until(() -> ids(watcher).size() == 2);

			StepVerifier.create(supplier.get().next()).assertNext((instances) -> {
				assertThat(instances).extracting(ServiceInstance::getInstanceId).containsExactly("node-1", "node-2");
				assertThat(instances).extracting((instance) -> ((RegistryServiceInstance) instance).isUp())
					.containsExactly(true, false);
				assertThat(instances.get(0).getUri()).hasToString("http://127.0.0.1:1001");
			}).verifyComplete();
		}
	}

	@Test
	void shouldFollowDaemonsThatComeAndGo() {
		try (FakeRegistry first = new FakeRegistry(); FakeRegistry second = new FakeRegistry()) {
			first.put("node-a", 1001, "UP");
			second.put("node-b", 1002, "UP");
			RegistryClients clients = new RegistryClients(properties(first.url() + "," + second.url()));
			AtomicReference<List<RegistryClient>> daemons = new AtomicReference<>(clients.current().subList(0, 1));

			try (ServiceWatcher watcher = new ServiceWatcher("node-service", daemons::get, DISCOVERY).start()) {
				await().atMost(Duration.ofSeconds(3)).until(() -> ids(watcher).equals(List.of("node-a")));
				daemons.set(clients.current());
				await().atMost(Duration.ofSeconds(3)).until(() -> ids(watcher).equals(List.of("node-a", "node-b")));
				daemons.set(clients.current().subList(1, 2));

				await().atMost(Duration.ofSeconds(3)).until(() -> ids(watcher).equals(List.of("node-b")));
			}
		}
	}

	@Test
	void shouldResolveEveryAddressOfADnsUrl() {
		RegistryClients clients = new RegistryClients(properties("dns+http://localhost:7111,http://127.0.0.2:7111"));

		List<URI> urls = clients.current().stream().map(RegistryClient::baseUrl).toList();

		assertThat(clients.isDynamic()).isTrue();
		assertThat(urls).contains(URI.create("http://127.0.0.1:7111/"), URI.create("http://127.0.0.2:7111/"));
		assertThat(clients.primary().baseUrl()).isEqualTo(urls.get(0));
	}

	private static ServiceWatcher watcher(FakeRegistry registry) {
		return new ServiceWatcher("node-service", new RegistryClients(properties(registry.url().toString()))::current,
				DISCOVERY)
			.start();
	}

	private static RegistryClientProperties properties(String urls) {
		return new RegistryClientProperties(Arrays.stream(urls.split(",")).map(URI::create).toList(), null,
				new RegistryClientProperties.Registration(false, null, null, null, false, Map.of(),
						Duration.ofSeconds(10), Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ofSeconds(5)),
				DISCOVERY);
	}

	private static List<String> ids(ServiceWatcher watcher) {
		List<RegistryServiceInstance> current = watcher.current();
		return (current != null) ? current.stream().map(RegistryServiceInstance::getInstanceId).toList() : List.of();
	}

}
