package dev.switchyard.gateway.balancer;

import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import dev.switchyard.gateway.balancer.policy.BalancingRequest;
import dev.switchyard.gateway.balancer.policy.Candidates;
import dev.switchyard.gateway.balancer.policy.LoadBalancingPolicy;
import dev.switchyard.gateway.balancer.policy.PolicyCatalog;
import dev.switchyard.gateway.balancer.policy.Selection;
import dev.switchyard.gateway.balancer.policy.ServiceInstances;
import dev.switchyard.gateway.balancer.stats.BalancerStatistics;
import dev.switchyard.gateway.balancer.stats.InstanceStats;
import dev.switchyard.registry.client.RegisteredInstance;

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
 * The load balancer of one service: it keeps the instances that may take the request
 * ({@code UP}, not ejected, not failed already for this request; {@code DRAINING} ones
 * only for affinity) and lets the policy of the request's route pick among them, or
 * answers {@link EmptyResponse} when none may.
 */
public class RoutePolicyLoadBalancer implements ReactorServiceInstanceLoadBalancer {

	private final String serviceId;

	private final ObjectProvider<ServiceInstanceListSupplier> suppliers;

	private final RoutePolicies routePolicies;

	private final PolicyCatalog catalog;

	private final BalancerStatistics statistics;

	private final Map<String, LoadBalancingPolicy> policies = new ConcurrentHashMap<>();

	/**
	 * The service's supplier once found: looking it up is a bean lookup, not for every
	 * pick.
	 */
	private volatile @Nullable ServiceInstanceListSupplier supplier;

	/**
	 * Create the load balancer of a service.
	 * @param serviceId the service
	 * @param suppliers the supplier of the service's instances
	 * @param routePolicies the policy of each route
	 * @param catalog the policies
	 * @param statistics the instances' statistics
	 */
	public RoutePolicyLoadBalancer(String serviceId, ObjectProvider<ServiceInstanceListSupplier> suppliers,
			RoutePolicies routePolicies, PolicyCatalog catalog, BalancerStatistics statistics) {
		this.serviceId = serviceId;
		this.suppliers = suppliers;
		this.routePolicies = routePolicies;
		this.catalog = catalog;
		this.statistics = statistics;
	}

	@Override
	@SuppressWarnings("rawtypes")
	public Mono<Response<ServiceInstance>> choose(Request request) {
		return supplier().get(request)
			.next()
			.map((instances) -> choose(instances, balancingRequest(request)))
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
	 * Pick an instance among the service's instances.
	 * @param instances every instance of the service, whatever its status
	 * @param request the request
	 * @return the pick, or {@link EmptyResponse} when no instance may take the request
	 */
	public Response<ServiceInstance> choose(List<ServiceInstance> instances, BalancingRequest request) {
		RoutePolicy routePolicy = this.routePolicies.get(request.routeId());
		LoadBalancingPolicy policy = this.policies.computeIfAbsent(routePolicy.policy(), this.catalog::create);
		Map<String, String> skipped = new LinkedHashMap<>();
		Set<String> availableIds = new HashSet<>();
		List<InstanceStats> ejected = new ArrayList<>();
		int up = 0;
		for (ServiceInstance instance : instances) {
			String id = instance.getInstanceId();
			String excluded = request.excluded().get(id);
			String status = ServiceInstances.status(instance);
			if (excluded != null) {
				skipped.put(id, excluded);
			}
			else if (!RegisteredInstance.UP.equals(status)) {
				skipped.put(id, status);
			}
			else {
				up++;
				InstanceStats stats = this.statistics.of(instance);
				if (stats.isEjected()) {
					ejected.add(stats);
				}
				else {
					availableIds.add(id);
				}
			}
		}
		// never more than half ejected: re-admit those whose ejection ends first
		ejected.sort(Comparator.comparingLong(InstanceStats::ejectedUntil));
		int readmit = Math.max(0, ejected.size() - up / 2);
		for (int i = 0; i < ejected.size(); i++) {
			if (i < readmit) {
				availableIds.add(ejected.get(i).instanceId());
			}
			else {
				skipped.put(ejected.get(i).instanceId(), "ejected");
			}
		}
		List<ServiceInstance> available = new ArrayList<>();
		List<ServiceInstance> affinity = new ArrayList<>();
		for (ServiceInstance instance : instances) {
			if (availableIds.contains(instance.getInstanceId())) {
				available.add(instance);
				affinity.add(instance);
			}
			else if (RegisteredInstance.DRAINING.equals(ServiceInstances.status(instance))
					&& !request.excluded().containsKey(instance.getInstanceId())) {
				affinity.add(instance);
			}
		}
		Selection selection = affinity.isEmpty() ? null : policy.choose(new Candidates(available, affinity), request);
		if (selection == null) {
			return new EmptyResponse();
		}
		String decision = request.explain() ? describe(policy, available, skipped, selection) : null;
		return new PolicyResponse(selection.instance(), policy.name(), decision, selection.cookie());
	}

	private String describe(LoadBalancingPolicy policy, List<ServiceInstance> available, Map<String, String> skipped,
			Selection selection) {
		StringBuilder decision = new StringBuilder();
		decision.append("policy=").append(policy.name());
		decision.append("; candidates=").append(ServiceInstances.ids(available));
		if (!skipped.isEmpty()) {
			decision.append("; skipped=");
			skipped.forEach((id, reason) -> decision.append(id).append('(').append(reason).append(") "));
			decision.setLength(decision.length() - 1);
		}
		decision.append("; picked=").append(selection.instance().getInstanceId());
		if (selection.reason() != null) {
			decision.append("; why=").append(selection.reason());
		}
		// a header value: one line of visible ASCII
		return decision.toString().replaceAll("[^\\x20-\\x7e]", "?");
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
		return builder.routeId(routeId).hashKey(this.routePolicies.get(routeId).hashKey()).build();
	}

	/**
	 * Return the service this load balancer balances.
	 * @return the service id
	 */
	public String getServiceId() {
		return this.serviceId;
	}

}
