package dev.switchyard.gateway.console;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import io.netty.channel.ChannelOption;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;

import dev.switchyard.registry.client.Hosts;
import dev.switchyard.registry.client.RegisteredInstance;
import dev.switchyard.registry.client.RegistryClientException;
import dev.switchyard.registry.client.RegistryClients;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The tier of gateways as the registry lists them (service {@code gateway}), each with
 * its open connections and the counters of its own balancer: this gateway's read in
 * memory, the others' from their {@code /cluster/state}, which needs no token, each
 * within a bounded time, so that one gateway that does not answer shows as unreachable
 * and delays nothing.
 */
public class GatewayTier implements ApplicationListener<WebServerInitializedEvent> {

	/** The service the gateways register as. */
	public static final String SERVICE = "gateway";

	private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

	private final RegistryClients registry;

	private final ClusterStates states;

	private final WebClient webClient;

	private final Duration timeout;

	private volatile int localPort = -1;

	/**
	 * Create the tier.
	 * @param registry the registry daemons' clients
	 * @param states this gateway's state
	 * @param timeout how long to wait for the registry and for each gateway
	 */
	public GatewayTier(RegistryClients registry, ClusterStates states, Duration timeout) {
		HttpClient http = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(timeout.toMillis(), 1000))
			.responseTimeout(timeout);
		this.webClient = WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
		this.registry = registry;
		this.states = states;
		this.timeout = timeout;
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		// the management server, if separate, has its own event and namespace
		if (event.getApplicationContext().getServerNamespace() == null) {
			this.localPort = event.getWebServer().getPort();
		}
	}

	/**
	 * Return every gateway of the tier with its counters, sorted by instance id; this
	 * gateway alone when none is registered.
	 * @return the gateways
	 */
	public Mono<List<TierGateway>> gateways() {
		return registered().flatMap((instances) -> {
			if (instances.stream().noneMatch(this::isSelf)) {
				List<RegisteredInstance> withSelf = new ArrayList<>(instances);
				withSelf.add(new RegisteredInstance(SERVICE, "this gateway", "127.0.0.1", this.localPort,
						RegisteredInstance.UP, Map.of(), 0, null, null));
				instances = withSelf;
			}
			return Flux.fromIterable(instances)
				.flatMap(this::describe)
				.sort(Comparator.comparing(TierGateway::instanceId))
				.collectList();
		});
	}

	private Mono<List<RegisteredInstance>> registered() {
		return Mono.fromCallable(() -> {
			try {
				return this.registry.primary().service(SERVICE, 0, Duration.ZERO).instances();
			}
			catch (RegistryClientException ex) {
				return List.<RegisteredInstance>of();
			}
		}).subscribeOn(Schedulers.boundedElastic()).timeout(this.timeout).onErrorReturn(List.of());
	}

	private boolean isSelf(RegisteredInstance instance) {
		return instance.port() == this.localPort && isLoopbackOrLocal(instance.host());
	}

	private static boolean isLoopbackOrLocal(String host) {
		if ("localhost".equals(host)) {
			return true;
		}
		// IP literals only: getByName then parses and looks nothing up
		if (!IP_LITERAL.matcher(host).matches()) {
			return false;
		}
		try {
			InetAddress address = InetAddress.getByName(host);
			return address.isLoopbackAddress() || NetworkInterface.getByInetAddress(address) != null;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private Mono<TierGateway> describe(RegisteredInstance instance) {
		if (isSelf(instance)) {
			return this.states.current().map((state) -> fromState(instance, state));
		}
		URI uri = Hosts.http(instance.host(), instance.port(), "/cluster/state");
		return this.webClient.get()
			.uri(uri)
			.accept(MediaType.APPLICATION_JSON)
			.retrieve()
			.bodyToMono(JsonNode.class)
			.timeout(this.timeout)
			.map((json) -> fromJson(instance, json))
			.onErrorResume((ex) -> Mono.just(unreachable(instance, ex)));
	}

	private static TierGateway fromState(RegisteredInstance instance, ClusterState state) {
		Map<String, String> policies = new LinkedHashMap<>();
		state.routes().forEach((routeId, route) -> policies.put(routeId, route.policy()));
		int inFlight = 0;
		long requests = 0;
		long failures = 0;
		for (ClusterState.Instance upstream : state.instances()) {
			inFlight += upstream.inFlight();
			requests += upstream.requests();
			failures += upstream.failures();
		}
		return new TierGateway(instance.instanceId(), instance.host(), instance.port(), instance.status(), true, true,
				null, policies, state.connections(), inFlight, requests, failures, state.instances().size());
	}

	private static TierGateway fromJson(RegisteredInstance instance, JsonNode state) {
		Map<String, String> policies = new LinkedHashMap<>();
		state.path("routes")
			.properties()
			.forEach((route) -> policies.put(route.getKey(), route.getValue().path("policy").asString()));
		int inFlight = 0;
		long requests = 0;
		long failures = 0;
		int upstreams = 0;
		for (JsonNode upstream : state.path("instances")) {
			inFlight += upstream.path("inFlight").asInt();
			requests += upstream.path("requests").asLong();
			failures += upstream.path("failures").asLong();
			upstreams++;
		}
		// -1: a gateway that does not count its connections
		int connections = state.path("connections").asInt(-1);
		return new TierGateway(instance.instanceId(), instance.host(), instance.port(), instance.status(), false, true,
				null, policies, connections, inFlight, requests, failures, upstreams);
	}

	private static TierGateway unreachable(RegisteredInstance instance, Throwable ex) {
		String error = (ex instanceof TimeoutException) ? "did not answer in time"
				: "could not be read: " + ex.getClass().getSimpleName();
		return new TierGateway(instance.instanceId(), instance.host(), instance.port(), instance.status(), false, false,
				error, Map.of(), -1, 0, 0, 0, 0);
	}

	/**
	 * One gateway of the tier.
	 *
	 * @param instanceId its instance id in the registry ({@code gateway-1} …)
	 * @param host its host
	 * @param port its port
	 * @param status its status in the registry
	 * @param self whether it is the gateway that answered
	 * @param reachable whether its counters could be read
	 * @param error why they could not, or {@code null}
	 * @param policies the policy of each route, as that gateway applies it
	 * @param connections the client connections open on it, -1 if unknown
	 * @param inFlight the requests it has in flight to the upstream instances
	 * @param requests the attempts it finished since it started
	 * @param failures the attempts that failed since it started
	 * @param upstreams how many upstream instances it balances over
	 */
	public record TierGateway(String instanceId, String host, int port, String status, boolean self, boolean reachable,
			String error, Map<String, String> policies, int connections, int inFlight, long requests, long failures,
			int upstreams) {

	}

}
