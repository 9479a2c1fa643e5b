package dev.switchyard.gateway.console;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.switchyard.registry.client.RegistryClients;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The registry's port map as the console shows it: every instance of every service
 * ({@code GET /v1/services} on the daemon the gateway reads), with the time left on its
 * lease and the registry's last health checks of it ({@code GET /v1/health/checks}).
 * Read-only: the registry answers both to anyone.
 */
public class RegistryLeases {

	private final RegistryClients registry;

	private final WebClient webClient = WebClient.create();

	private final Duration timeout;

	/**
	 * Create the reader.
	 * @param registry the registry daemons' clients
	 * @param timeout how long to wait for the registry
	 */
	public RegistryLeases(RegistryClients registry, Duration timeout) {
		this.registry = registry;
		this.timeout = timeout;
	}

	/**
	 * Return every registered instance with its lease, sorted by service and instance id.
	 * @return the instances
	 */
	public Mono<List<Lease>> leases() {
		// primary() may resolve a dns+ URL: a blocking look-up
		return Mono.fromCallable(() -> this.registry.primary().baseUrl())
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap((base) -> Mono.zip(read(base.resolve("v1/services")),
					// a daemon without the checks' endpoint still shows its leases
					read(base.resolve("v1/health/checks")).onErrorReturn(JsonNodeFactory.instance.objectNode())))
			.timeout(this.timeout)
			.map((answers) -> toLeases(answers.getT1(), answers.getT2()))
			.onErrorMap((ex) -> !(ex instanceof ErrorResponseException), (ex) -> {
				HttpStatus status = HttpStatus.BAD_GATEWAY;
				return new ErrorResponseException(status,
						ProblemDetail.forStatusAndDetail(status, "Could not read the registry's instances"), ex);
			});
	}

	private Mono<JsonNode> read(URI uri) {
		return this.webClient.get().uri(uri).retrieve().bodyToMono(JsonNode.class);
	}

	private static List<Lease> toLeases(JsonNode catalog, JsonNode checks) {
		Map<String, List<Check>> checksByInstance = new HashMap<>();
		for (JsonNode instance : checks.path("instances")) {
			List<Check> list = new ArrayList<>();
			for (JsonNode check : instance.path("checks")) {
				list.add(new Check(check.path("at").asString(null), check.path("outcome").asString(),
						check.path("millis").asLong()));
			}
			checksByInstance.put(instance.path("service").asString() + "/" + instance.path("instanceId").asString(),
					list);
		}
		Instant now = Instant.now();
		List<Lease> leases = new ArrayList<>();
		JsonNode services = catalog.path("services");
		// {"services":{"name":[instances]}} or {"services":[{"service","instances"}]}
		List<JsonNode> instances = new ArrayList<>();
		if (services.isObject()) {
			services.properties().forEach((entry) -> entry.getValue().forEach(instances::add));
		}
		else {
			services.forEach((service) -> service.path("instances").forEach(instances::add));
		}
		for (JsonNode instance : instances) {
			long ttl = instance.path("ttlSeconds").asLong();
			String heartbeat = instance.path("lastHeartbeat").asString(null);
			double remaining = (heartbeat != null)
					? Math.max(0, ttl - Duration.between(Instant.parse(heartbeat), now).toMillis() / 1000.0) : 0;
			leases.add(new Lease(instance.path("service").asString(), instance.path("instanceId").asString(),
					instance.path("host").asString(), instance.path("port").asInt(), instance.path("status").asString(),
					ttl, Math.round(remaining * 10) / 10.0, instance.path("registeredAt").asString(null), heartbeat,
					instance.path("metadata").path("healthPath").asString("/actuator/health"),
					checksByInstance.getOrDefault(
							instance.path("service").asString() + "/" + instance.path("instanceId").asString(),
							List.of())));
		}
		leases.sort((a, b) -> (a.service() + "/" + a.instanceId()).compareTo(b.service() + "/" + b.instanceId()));
		return leases;
	}

	/**
	 * One registered instance.
	 *
	 * @param service the service
	 * @param instanceId the instance
	 * @param host its host
	 * @param port its port
	 * @param status {@code UP}, {@code DRAINING} or {@code DOWN}: {@code DOWN} when its
	 * last health check failed
	 * @param ttlSeconds its lease's time to live
	 * @param leaseRemainingSeconds the time left before the lease expires unless renewed
	 * @param registeredAt when it registered
	 * @param lastHeartbeat when it last renewed its lease
	 * @param healthPath the path the registry checks its health on
	 * @param checks the registry's last checks of it, newest first
	 */
	public record Lease(String service, String instanceId, String host, int port, String status, long ttlSeconds,
			double leaseRemainingSeconds, String registeredAt, String lastHeartbeat, String healthPath,
			List<Check> checks) {

	}

	/**
	 * One health check the registry made.
	 *
	 * @param at when it ended
	 * @param outcome {@code PASSING}, {@code FAILING} or {@code REFUSED}
	 * @param millis how long it took
	 */
	public record Check(String at, String outcome, long millis) {

	}

}
