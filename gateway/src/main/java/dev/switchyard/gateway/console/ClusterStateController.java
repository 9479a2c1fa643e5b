package dev.switchyard.gateway.console;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /cluster}: the console's read-only view of the cluster, without a token, as one
 * JSON document or as a stream of Server-Sent Events.
 */
@RestController
@RequestMapping("/cluster")
class ClusterStateController {

	private static final Duration RECONNECT = Duration.ofSeconds(2);

	private final ClusterStates states;

	private final GatewayTier tier;

	private final CatalogVersions catalogVersions;

	private final RegistryLeases registryLeases;

	ClusterStateController(ClusterStates states, GatewayTier tier, CatalogVersions catalogVersions,
			RegistryLeases registryLeases) {
		this.states = states;
		this.tier = tier;
		this.catalogVersions = catalogVersions;
		this.registryLeases = registryLeases;
	}

	@GetMapping("/state")
	Mono<ClusterState> state() {
		return this.states.current();
	}

	/**
	 * Every gateway of the tier with its counters, as the registry lists them.
	 * @return the gateways
	 */
	@GetMapping("/tier")
	Mono<Map<String, List<GatewayTier.TierGateway>>> tier() {
		return this.tier.gateways().map((gateways) -> Map.of("gateways", gateways));
	}

	/**
	 * The catalog version every node has applied, read from each node.
	 * @return the nodes' versions
	 */
	@GetMapping("/catalog")
	Mono<Map<String, List<CatalogVersions.NodeVersion>>> catalog() {
		return this.catalogVersions.versions().map((nodes) -> Map.of("nodes", nodes));
	}

	/**
	 * Every instance the registry knows, with the time left on its lease.
	 * @return the instances
	 */
	@GetMapping("/registry")
	Mono<Map<String, List<RegistryLeases.Lease>>> registry() {
		return this.registryLeases.leases().map((leases) -> Map.of("instances", leases));
	}

	@GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<ClusterState>> events() {
		return this.states.stream()
			.map((state) -> ServerSentEvent.builder(state).event("state").retry(RECONNECT).build());
	}

}
