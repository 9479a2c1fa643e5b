package dev.switchyard.gateway.balancer.overload;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import com.netflix.concurrency.limits.Limiter;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import dev.switchyard.gateway.balancer.RoutePolicies;
import dev.switchyard.gateway.balancer.RetryingLoadBalancerClientFilter;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code adaptiveLimit}: admits a route's request only under the route's concurrency
 * limit, which follows its latency (Netflix's concurrency-limits, as Envoy's adaptive
 * concurrency filter), and sheds the excess at once with a 503 and {@code Retry-After}
 * rather than letting it queue in the instances. It wraps the whole balanced request,
 * retries included; a 5xx or a failure counts as a drop, which lowers the limit.
 */
public class AdaptiveLimitFilter implements GlobalFilter, Ordered {

	/** Just before the balancing filter. */
	public static final int ORDER = RetryingLoadBalancerClientFilter.ORDER - 1;

	private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

	private final RoutePolicies routePolicies;

	private final OverloadControl overload;

	/**
	 * Create the filter.
	 * @param routePolicies the settings of each route
	 * @param overload the limiters
	 */
	public AdaptiveLimitFilter(RoutePolicies routePolicies, OverloadControl overload) {
		this.routePolicies = routePolicies;
		this.overload = overload;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		if (route == null || !"lb".equalsIgnoreCase(route.getUri().getScheme())
				|| !this.routePolicies.get(route.getId()).isAdaptiveLimit()) {
			return chain.filter(exchange);
		}
		Optional<Limiter.Listener> admitted = this.overload.limiter(route.getId()).acquire(null);
		if (admitted.isEmpty()) {
			this.overload.shed(route.getId(), "limit");
			return Mono
				.error(new OverloadedException("Route " + route.getId() + " is at its adaptive concurrency limit "
						+ this.overload.limiter(route.getId()).getLimit(), RETRY_AFTER));
		}
		Limiter.Listener listener = admitted.get();
		AtomicBoolean failed = new AtomicBoolean();
		return chain.filter(exchange).doOnError((error) -> failed.set(true)).doFinally((signal) -> {
			HttpStatusCode status = exchange.getResponse().getStatusCode();
			if (signal == SignalType.CANCEL) {
				listener.onIgnore();
			}
			else if (failed.get() || (status != null && status.is5xxServerError())) {
				listener.onDropped();
			}
			else {
				listener.onSuccess();
			}
		});
	}

}
