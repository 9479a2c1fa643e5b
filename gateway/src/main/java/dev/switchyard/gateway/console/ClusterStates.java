package dev.switchyard.gateway.console;

import java.time.Duration;
import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import dev.switchyard.gateway.admin.InstanceState;
import dev.switchyard.gateway.admin.LoadBalancerAdminController;
import dev.switchyard.gateway.admin.LoadBalancerState;
import dev.switchyard.gateway.balancer.RoutePolicies;

import org.springframework.context.SmartLifecycle;

/**
 * Builds the console's {@link ClusterState} from the admin API's state and the recent
 * answers, and streams it to open pages until the gateway stops: the streams end before
 * the web server's graceful shutdown, which would otherwise wait for them.
 */
public class ClusterStates implements SmartLifecycle {

	private final LoadBalancerAdminController loadBalancer;

	private final RoutePolicies routePolicies;

	private final RecentResponses recentResponses;

	private final RegistryStatusClient registryStatus;

	private final OpenConnections openConnections;

	private final Duration refreshInterval;

	private volatile Sinks.Empty<Void> stopped = Sinks.empty();

	private volatile boolean running;

	/**
	 * Create the states.
	 * @param loadBalancer the admin API the state is read from
	 * @param routePolicies the policies of the routes
	 * @param recentResponses the last answers
	 * @param registryStatus the client that drains instances, if it can
	 * @param openConnections the client connections open on this gateway
	 * @param refreshInterval how often the stream sends the state
	 */
	public ClusterStates(LoadBalancerAdminController loadBalancer, RoutePolicies routePolicies,
			RecentResponses recentResponses, RegistryStatusClient registryStatus, OpenConnections openConnections,
			Duration refreshInterval) {
		this.loadBalancer = loadBalancer;
		this.routePolicies = routePolicies;
		this.recentResponses = recentResponses;
		this.registryStatus = registryStatus;
		this.openConnections = openConnections;
		this.refreshInterval = refreshInterval;
	}

	/**
	 * Return the state now.
	 * @return the state
	 */
	public Mono<ClusterState> current() {
		return this.loadBalancer.state().map(this::toClusterState);
	}

	/**
	 * Return the state now and then at every refresh interval, until the gateway stops; a
	 * slow reader skips states rather than piling them up.
	 * @return the states
	 */
	public Flux<ClusterState> stream() {
		return Flux.interval(Duration.ZERO, this.refreshInterval)
			.onBackpressureDrop()
			.concatMap((tick) -> current(), 1)
			.takeUntilOther(this.stopped.asMono());
	}

	private ClusterState toClusterState(LoadBalancerState state) {
		RecentResponses.Snapshot recent = this.recentResponses.snapshot();
		List<ClusterState.Instance> instances = state.instances()
			.stream()
			.map((instance) -> toInstance(instance, recent))
			.toList();
		return new ClusterState(state.routes(), this.routePolicies.catalog().names(), instances, recent.capacity(),
				recent.requests(), this.registryStatus.isAvailable(), this.openConnections.count());
	}

	private static ClusterState.Instance toInstance(InstanceState instance, RecentResponses.Snapshot recent) {
		int answers = recent.answers(instance.instanceId());
		double share = (recent.requests() > 0) ? Math.round(10_000.0 * answers / recent.requests()) / 10_000.0 : 0;
		return new ClusterState.Instance(instance.service(), instance.instanceId(), instance.host(), instance.port(),
				instance.status(), instance.weight(), instance.inFlight(), instance.ewmaMillis(), instance.ejected(),
				instance.requests(), instance.failures(), answers, share,
				recent.latencyMillis(instance.instanceId(), 50), recent.latencyMillis(instance.instanceId(), 99));
	}

	@Override
	public void start() {
		// a context may be stopped and started again (a paused test context is)
		if (!this.running) {
			this.stopped = Sinks.empty();
		}
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.stopped.tryEmitEmpty();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Stops before the web server's graceful shutdown, which stops at
	 * {@code DEFAULT_PHASE - 1024}.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE;
	}

}
