package dev.switchyard.gateway.console;

import java.net.URI;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import io.netty.channel.ChannelOption;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;

import dev.switchyard.gateway.admin.InstanceState;
import dev.switchyard.gateway.admin.LoadBalancerAdminController;
import dev.switchyard.registry.client.Hosts;

import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The catalog version each node has applied, read from every node the balancer knows
 * ({@code GET /api/catalog} on the node itself, since reads are local): what the console
 * shows converging after a write. Bounded in time per node; no token is sent.
 */
public class CatalogVersions {

	private final LoadBalancerAdminController loadBalancer;

	private final WebClient webClient;

	private final Duration timeout;

	/**
	 * Create the reader.
	 * @param loadBalancer the balancer state the nodes are taken from
	 * @param timeout how long to wait for each node
	 */
	public CatalogVersions(LoadBalancerAdminController loadBalancer, Duration timeout) {
		HttpClient http = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(timeout.toMillis(), 1000))
			.responseTimeout(timeout);
		this.webClient = WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
		this.loadBalancer = loadBalancer;
		this.timeout = timeout;
	}

	/**
	 * Return the version every node has applied, sorted by instance id.
	 * @return the nodes' versions
	 */
	public Mono<List<NodeVersion>> versions() {
		return this.loadBalancer.state()
			.flatMapMany((state) -> Flux.fromIterable(state.instances()))
			.flatMap(this::read)
			.sort(Comparator.comparing(NodeVersion::instanceId))
			.collectList();
	}

	private Mono<NodeVersion> read(InstanceState instance) {
		URI uri = Hosts.http(instance.host(), instance.port(), "/api/catalog");
		return this.webClient.get()
			.uri(uri)
			.accept(MediaType.APPLICATION_JSON)
			.retrieve()
			.bodyToMono(JsonNode.class)
			.timeout(this.timeout)
			.map((listing) -> new NodeVersion(instance.instanceId(), instance.status(), true,
					listing.path("version").asLong(), listing.path("entries").size()))
			.onErrorResume((ex) -> Mono.just(new NodeVersion(instance.instanceId(), instance.status(), false, -1, 0)));
	}

	/**
	 * One node's catalog.
	 *
	 * @param instanceId the node
	 * @param status its status in the registry
	 * @param reachable whether it answered in time
	 * @param version the last version it applied, -1 if unknown
	 * @param entries how many entries it holds
	 */
	public record NodeVersion(String instanceId, String status, boolean reachable, long version, int entries) {

	}

}
