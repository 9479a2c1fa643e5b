package dev.switchyard.gateway.balancer;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import dev.switchyard.gateway.balancer.overload.AdmissionQueue;
import dev.switchyard.gateway.balancer.overload.OverloadControl;
import dev.switchyard.gateway.balancer.overload.OverloadedException;
import dev.switchyard.gateway.balancer.pipeline.CandidatePipeline;
import dev.switchyard.gateway.balancer.pipeline.PipelineContext;
import dev.switchyard.gateway.balancer.policy.BalancingRequest;
import dev.switchyard.gateway.balancer.policy.Candidates;
import dev.switchyard.gateway.balancer.policy.LoadBalancingPolicy;
import dev.switchyard.gateway.balancer.policy.PolicyCatalog;
import dev.switchyard.gateway.balancer.policy.Selection;
import dev.switchyard.gateway.balancer.policy.ServiceInstances;
import dev.switchyard.gateway.balancer.stats.BalancerStatistics;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.EmptyResponse;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.RequestData;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.cloud.loadbalancer.core.NoopServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

/**
 * The load balancer of one service: its {@link CandidatePipeline} keeps the instances
 * that may take the request (status, ejection, slow start, zone, capacity) and the policy
 * of the request's route picks among them; it answers {@link EmptyResponse} when none
 * may, and queues the request when every candidate is at the route's {@code maxInFlight}.
 */
public class RoutePolicyLoadBalancer implements ReactorServiceInstanceLoadBalancer {

	/** The longest a queued request sleeps before it looks at the instances again. */
	private static final Duration QUEUE_POLL = Duration.ofMillis(50);

	private final String serviceId;

	private final ObjectProvider<ServiceInstanceListSupplier> suppliers;

	private final RoutePolicies routePolicies;

	private final PolicyCatalog catalog;

	private final BalancerStatistics statistics;

	private final Map<String, LoadBalancingPolicy> policies = new ConcurrentHashMap<>();

	private final CandidatePipeline pipeline;

	private final OverloadControl overload;

	private final AdmissionQueue queue;

	/**
	 * The service's supplier once found: looking it up is a bean lookup, not for every
	 * pick.
	 */
	private volatile @Nullable ServiceInstanceListSupplier supplier;

	/**
	 * Create the load balancer of a service, with no zone and no overload metrics.
	 * @param serviceId the service
	 * @param suppliers the supplier of the service's instances
	 * @param routePolicies the policy of each route
	 * @param catalog the policies
	 * @param statistics the instances' statistics
	 */
	public RoutePolicyLoadBalancer(String serviceId, ObjectProvider<ServiceInstanceListSupplier> suppliers,
			RoutePolicies routePolicies, PolicyCatalog catalog, BalancerStatistics statistics) {
		this(serviceId, suppliers, routePolicies, catalog, statistics, null, new OverloadControl());
	}

	/**
	 * Create the load balancer of a service.
	 * @param serviceId the service
	 * @param suppliers the supplier of the service's instances
	 * @param routePolicies the policy of each route
	 * @param catalog the policies
	 * @param statistics the instances' statistics
	 * @param zone the gateway's zone, {@code null} if it has none
	 * @param overload the queues and the count of shed requests
	 */
	public RoutePolicyLoadBalancer(String serviceId, ObjectProvider<ServiceInstanceListSupplier> suppliers,
			RoutePolicies routePolicies, PolicyCatalog catalog, BalancerStatistics statistics, @Nullable String zone,
			OverloadControl overload) {
		this.serviceId = serviceId;
		this.suppliers = suppliers;
		this.routePolicies = routePolicies;
		this.catalog = catalog;
		this.statistics = statistics;
		this.overload = overload;
		this.queue = overload.queue(serviceId);
		this.pipeline = CandidatePipeline.builder()
			.withStatus()
			.withEjection(statistics)
			.withSlowStart(statistics::nanoTime)
			.withZonePreference(zone, statistics)
			.withCapacity(statistics)
			.build();
		statistics.onCallEnd((stats) -> {
			if (serviceId.equals(stats.serviceId())) {
				this.queue.signal();
			}
		});
	}

	@Override
	@SuppressWarnings("rawtypes")
	public Mono<Response<ServiceInstance>> choose(Request request) {
		BalancingRequest balancing = balancingRequest(request);
		return supplier().get(request)
			.next()
			.flatMap((instances) -> admit(request, instances, balancing))
			.defaultIfEmpty(new EmptyResponse());
	}

	private ServiceInstanceListSupplier supplier() {
		ServiceInstanceListSupplier found = this.supplier;
		if (found == null) {
			found = this.suppliers.getIfAvailable(NoopServiceInstanceListSupplier::new);
			if (!(found instanceof NoopServiceInstanceListSupplier)) {
				this.supplier = found;
			}
		}
		return found;
	}

	/**
	 * Pick, or queue the request when every candidate is at its route's
	 * {@code maxInFlight}, until a call ends or {@code queueTimeout} runs out.
	 */
	@SuppressWarnings("rawtypes")
	private Mono<Response<ServiceInstance>> admit(Request request, List<ServiceInstance> instances,
			BalancingRequest balancing) {
		RoutePolicy settings = this.routePolicies.get(balancing.routeId());
		Duration timeout = (settings.queueTimeout() != null) ? settings.queueTimeout() : Duration.ZERO;
		// behind the ones already waiting: first come, first served
		if (timeout.isZero() || this.queue.size() == 0) {
			Pick pick = pick(instances, balancing, -1);
			if (!pick.full()) {
				return Mono.just(pick.response());
			}
			if (timeout.isZero()) {
				return Mono.error(shed(balancing, settings));
			}
		}
		long arrived = System.nanoTime();
		AtomicBoolean queued = new AtomicBoolean();
		// woken by the end of a call, or every QUEUE_POLL to look again (a call that
		// ended
		// just before this request joined the queue woke nobody); a round that finds
		// every
		// instance still full completes empty and is repeated, at the head of the queue
		Mono<Response<ServiceInstance>> round = Mono.defer(() -> {
			Duration left = timeout.minusNanos(System.nanoTime() - arrived);
			if (left.isNegative() || left.isZero()) {
				return Mono.error(shed(balancing, settings));
			}
			return this.queue.await((left.compareTo(QUEUE_POLL) < 0) ? left : QUEUE_POLL, queued.getAndSet(true))
				.onErrorResume(TimeoutException.class, (ex) -> Mono.empty())
				.then(supplier().get(request).next())
				.flatMap((now) -> {
					Pick pick = pick(now, balancing, System.nanoTime() - arrived);
					return pick.full() ? Mono.empty() : Mono.just(pick.response());
				});
		});
		return round.repeatWhenEmpty(Integer.MAX_VALUE, (repeats) -> repeats);
	}

	private OverloadedException shed(BalancingRequest balancing, RoutePolicy settings) {
		this.overload.shed(balancing.routeId(), "queue");
		Duration timeout = (settings.queueTimeout() != null) ? settings.queueTimeout() : Duration.ZERO;
		return new OverloadedException(
				"Every instance of " + this.serviceId + " is at maxInFlight " + settings.maxInFlight()
						+ (timeout.isZero() ? ""
								: " and stayed so for queueTimeout " + RouteSettingValues.format(timeout)),
				timeout.isZero() ? Duration.ofSeconds(1) : timeout);
	}

	/**
	 * Pick an instance among the service's instances.
	 * @param instances every instance of the service, whatever its status
	 * @param request the request
	 * @return the pick, or {@link EmptyResponse} when no instance may take the request
	 */
	public Response<ServiceInstance> choose(List<ServiceInstance> instances, BalancingRequest request) {
		return pick(instances, request, -1).response();
	}

	private Pick pick(List<ServiceInstance> instances, BalancingRequest request, long waitedNanos) {
		RoutePolicy routePolicy = this.routePolicies.get(request.routeId());
		LoadBalancingPolicy policy = this.policies.computeIfAbsent(routePolicy.policy(), this.catalog::create);
		PipelineContext context = new PipelineContext(request, routePolicy, instances, policy.weighted());
		Candidates candidates = this.pipeline.filter(context);
		Selection selection = candidates.affinity().isEmpty() ? null : policy.choose(candidates, request);
		if (selection == null) {
			return new Pick(new EmptyResponse(), context.isFull());
		}
		String decision = request.explain() ? describe(policy, candidates.available(), context, selection, waitedNanos)
				: null;
		return new Pick(new PolicyResponse(selection.instance(), policy.name(), decision, selection.cookie()), false);
	}

	private String describe(LoadBalancingPolicy policy, List<ServiceInstance> available, PipelineContext context,
			Selection selection, long waitedNanos) {
		StringBuilder decision = new StringBuilder();
		decision.append("policy=").append(policy.name());
		decision.append("; candidates=").append(ServiceInstances.ids(available));
		if (!context.skipped().isEmpty()) {
			decision.append("; skipped=");
			context.skipped().forEach((id, reason) -> decision.append(id).append('(').append(reason).append(") "));
			decision.setLength(decision.length() - 1);
		}
		context.notes().forEach((note) -> decision.append("; ").append(note));
		if (waitedNanos > 0 && context.settings().maxInFlight() != null) {
			decision.append("; queued=").append(TimeUnit.NANOSECONDS.toMillis(waitedNanos)).append("ms");
		}
		decision.append("; picked=").append(selection.instance().getInstanceId());
		if (selection.reason() != null) {
			decision.append("; why=").append(selection.reason());
		}
		// a header value: one line of visible ASCII
		return decision.toString().replaceAll("[^\\x20-\\x7e]", "?");
	}

	private record Pick(Response<ServiceInstance> response, boolean full) {

	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private BalancingRequest balancingRequest(Request request) {
		BalancingRequest.Builder builder = BalancingRequest.builder(this.serviceId);
		String routeId = null;
		if (request.getContext() instanceof RequestDataContext context && context.getClientRequest() != null) {
			RequestData data = context.getClientRequest();
			builder.uri((data.getUrl() != null) ? data.getUrl() : URI.create("/"))
				.headers(data.getHeaders())
				.cookies(data.getCookies());
			Map<String, Object> attributes = data.getAttributes();
			if (attributes != null) {
				Object route = attributes.get(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
				if (route instanceof Route gatewayRoute) {
					routeId = gatewayRoute.getId();
				}
				if (attributes.get(BalancerAttributes.EXCLUDED_INSTANCES) instanceof Map excluded) {
					builder.excluded((Map<String, String>) excluded);
				}
				if (attributes.get(BalancerAttributes.CLIENT_ADDRESS) instanceof InetAddress address) {
					builder.clientAddress(address);
				}
			}
		}
		RoutePolicy settings = this.routePolicies.get(routeId);
		return builder.routeId(routeId)
			.hashKey(settings.hashKey())
			.hashBalanceFactor(settings.hashBalanceFactor())
			.build();
	}

	/**
	 * Return the service this load balancer balances.
	 * @return the service id
	 */
	public String getServiceId() {
		return this.serviceId;
	}

}
