package dev.switchyard.registry.client.registration;

import java.time.Duration;

import dev.switchyard.registry.client.FakeRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RegistryRegistrationTests {

	private FakeRegistry registry;

	@BeforeEach
	void startRegistry() {
		this.registry = new FakeRegistry();
	}

	@AfterEach
	void stopRegistry() {
		this.registry.close();
	}

	@Test
	void shouldRegisterTheOsAssignedPortOnceTheServerHasStarted() {
		try (ConfigurableApplicationContext context = startNode("node-a")) {

			int port = ((WebServerApplicationContext) context).getWebServer().getPort();

			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(this.registry.calls())
					.contains("PUT /v1/services/node-service/instances/node-a"));
			assertThat(port).isPositive();
			assertThat(context.getBean(InstanceIdentity.class).port()).isEqualTo(port);
		}
	}

	@Test
	void shouldRegisterAgainWhenTheRegistryHasForgottenTheInstance() {
		try (ConfigurableApplicationContext context = startNode("node-b")) {
			await().atMost(Duration.ofSeconds(5))
				.until(() -> context.getBean(RegistryRegistration.class).isRegistered());

			this.registry.forgetAll();

			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(this.registry.calls()
					.stream()
					.filter("PUT /v1/services/node-service/instances/node-b"::equals)
					.count()).isEqualTo(2));
		}
	}

	@Test
	void shouldDrainThenDeregisterOnShutdown() {
		ConfigurableApplicationContext context = startNode("node-c");
		await().atMost(Duration.ofSeconds(5)).until(() -> context.getBean(RegistryRegistration.class).isRegistered());

		context.close();

		assertThat(this.registry.calls()).containsSubsequence("PUT /v1/services/node-service/instances/node-c",
				"PUT /v1/services/node-service/instances/node-c/status",
				"DELETE /v1/services/node-service/instances/node-c");
	}

	@Test
	void shouldKeepRetryingWhileTheRegistryIsUnreachable() {
		int port = this.registry.url().getPort();
		this.registry.close();
		try (ConfigurableApplicationContext context = startNode("node-d")) {
			RegistryRegistration registration = context.getBean(RegistryRegistration.class);
			boolean registeredWhileDown = registration.isRegistered();

			this.registry = new FakeRegistry(port);

			await().atMost(Duration.ofSeconds(10)).until(registration::isRegistered);
			assertThat(registeredWhileDown).isFalse();
			assertThat(this.registry.calls()).contains("PUT /v1/services/node-service/instances/node-d");
		}
	}

	private ConfigurableApplicationContext startNode(String instanceId) {
		return new SpringApplication(NodeApplication.class).run("--server.port=0",
				"--spring.application.name=node-service", "--registry.client.urls=" + this.registry.url(),
				"--registry.client.token=secret", "--registry.client.registration.instance-id=" + instanceId,
				"--registry.client.registration.heartbeat-interval=100ms",
				"--registry.client.registration.drain-delay=50ms",
				"--registry.client.registration.retry-max-backoff=500ms", "--spring.main.banner-mode=off");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class NodeApplication {

	}

}
