package dev.switchyard.gateway.balancer;

import reactor.core.publisher.Mono;

import dev.switchyard.gateway.balancer.stats.UpstreamCall;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;

/**
 * Keeps the instance that answered counted in flight until its answer's body has been
 * sent to the client, or the client has gone: it wraps the filter that writes the body.
 */
public class InFlightTrackingFilter implements GlobalFilter, Ordered {

	/** Around the filter that writes the proxied body. */
	public static final int ORDER = NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER - 1;

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		return chain.filter(exchange).doFinally((signal) -> {
			UpstreamCall call = exchange.getAttribute(BalancerAttributes.UPSTREAM_CALL);
			if (call != null) {
				call.close();
			}
		});
	}

}
