package dev.switchyard.gateway.balancer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import dev.switchyard.gateway.balancer.attempt.Attempts;
import dev.switchyard.gateway.balancer.attempt.ReplayableRequest;
import dev.switchyard.gateway.balancer.attempt.RetryStage;
import dev.switchyard.gateway.balancer.policy.ClientAddressResolver;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.EmptyResponse;
import org.springframework.cloud.client.loadbalancer.LoadBalancerUriTools;
import org.springframework.cloud.client.loadbalancer.RequestData;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.DelegatingServiceInstance;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * Balances {@code lb://} routes: chooses an instance with the service's load balancer and
 * hands the attempt to the {@link RetryStage}, which forwards and, when the attempt
 * fails, chooses again among the instances not tried yet.
 * <p>
 * It replaces Spring Cloud Gateway's {@link ReactiveLoadBalancerClientFilter}, running
 * just before it so that the latter finds an {@code http://} URL and stands aside. The
 * {@code Retry} filter does re-run the load balancer when it repeats the chain, but it
 * does not tell the load balancer which instances already failed, so a random, hashing or
 * least-loaded policy may pick the same dead instance again; and it has one list of
 * methods for every failure, where a connection that could not be made is safe to retry
 * for any method but a 503 only for idempotent ones.
 */
public class RetryingLoadBalancerClientFilter implements GlobalFilter, Ordered {

	/** Just before Spring Cloud Gateway's own load-balancer filter. */
	public static final int ORDER = ReactiveLoadBalancerClientFilter.LOAD_BALANCER_CLIENT_FILTER_ORDER - 1;

	private static final int MAX_CACHED_BALANCERS = 256;

	private final LoadBalancerClientFactory clientFactory;

	private final ClientAddressResolver clientAddresses;

	private final RetryStage retries;

	private final long maxBodySize;

	/**
	 * Each service's load balancer once found: the factory's look-up is a bean look-up in
	 * the service's context, not for every request. The services are those of the
	 * {@code lb://} routes.
	 */
	private final Map<String, ReactorServiceInstanceLoadBalancer> balancers = new ConcurrentHashMap<>();

	/**
	 * Create the filter.
	 * @param clientFactory the factory of each service's load balancer
	 * @param clientAddresses finds the client's address for {@code ip-hash}
	 * @param retries the stage around each attempt
	 * @param maxBodySize the largest request body kept in memory to be sent again
	 */
	public RetryingLoadBalancerClientFilter(LoadBalancerClientFactory clientFactory,
			ClientAddressResolver clientAddresses, RetryStage retries, long maxBodySize) {
		this.clientFactory = clientFactory;
		this.clientAddresses = clientAddresses;
		this.retries = retries;
		this.maxBodySize = maxBodySize;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		URI url = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
		String schemePrefix = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_SCHEME_PREFIX_ATTR);
		if (url == null || (!"lb".equals(url.getScheme()) && !"lb".equals(schemePrefix))) {
			return chain.filter(exchange);
		}
		ServerWebExchangeUtils.addOriginalRequestUrl(exchange, url);
		String serviceId = url.getHost();
		ReactorServiceInstanceLoadBalancer balancer = balancer(serviceId);
		if (balancer == null) {
			return Mono.error(new NoInstanceAvailableException(serviceId));
		}
		ServerHttpRequest request = exchange.getRequest();
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		Attempts attempts = new Attempts(serviceId, (route != null) ? route.getId() : null, request.getMethod());
		exchange.getAttributes().put(BalancerAttributes.EXCLUDED_INSTANCES, attempts.excluded());
		exchange.getAttributes().put(BalancerAttributes.ATTEMPTS, attempts);
		InetSocketAddress remote = request.getRemoteAddress();
		InetAddress client = this.clientAddresses.resolve((remote != null) ? remote.getAddress() : null,
				request.getHeaders());
		if (client != null) {
			exchange.getAttributes().put(BalancerAttributes.CLIENT_ADDRESS, client);
		}
		Upstream upstream = new Upstream(balancer, chain, url, schemePrefix);
		return ReplayableRequest.prepare(exchange, attempts, this.maxBodySize, this.retries.retries())
			.flatMap((ready) -> upstream.choose(ready).flatMap((response) -> {
				if (!response.hasServer()) {
					return Mono.error(new NoInstanceAvailableException(serviceId));
				}
				return this.retries.send(ready, upstream, response, attempts);
			}));
	}

	private @Nullable ReactorServiceInstanceLoadBalancer balancer(String serviceId) {
		ReactorServiceInstanceLoadBalancer balancer = this.balancers.get(serviceId);
		if (balancer == null) {
			balancer = this.clientFactory.getInstance(serviceId, ReactorServiceInstanceLoadBalancer.class);
			if (balancer != null && this.balancers.size() < MAX_CACHED_BALANCERS) {
				this.balancers.put(serviceId, balancer);
			}
		}
		return balancer;
	}

	/**
	 * The service's load balancer and the rest of the chain, which sends to the instance
	 * picked.
	 */
	private record Upstream(ReactorServiceInstanceLoadBalancer balancer, GatewayFilterChain chain, URI url,
			@Nullable String schemePrefix) implements RetryStage.Upstream {

		@Override
		public Mono<Response<ServiceInstance>> choose(ServerWebExchange exchange) {
			RequestData data = new RequestData(exchange.getRequest(), exchange.getAttributes());
			return this.balancer.choose(new DefaultRequest<>(new RequestDataContext(data, "default")))
				.defaultIfEmpty(new EmptyResponse());
		}

		@Override
		public Mono<Void> forward(ServerWebExchange exchange, Response<ServiceInstance> response) {
			ServiceInstance instance = response.getServer();
			String scheme = (this.schemePrefix != null) ? this.url.getScheme()
					: (instance.isSecure() ? "https" : "http");
			URI target = LoadBalancerUriTools.reconstructURI(new DelegatingServiceInstance(instance, scheme),
					exchange.getRequest().getURI());
			exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR, target);
			exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR, response);
			return this.chain.filter(exchange);
		}

		@Override
		public String policy(Response<ServiceInstance> response) {
			return (response instanceof PolicyResponse picked) ? picked.getPolicy() : "unknown";
		}

	}

}
