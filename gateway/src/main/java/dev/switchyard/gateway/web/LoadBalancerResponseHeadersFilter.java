package dev.switchyard.gateway.web;

import reactor.core.publisher.Mono;

import dev.switchyard.gateway.balancer.BalancerAttributes;
import dev.switchyard.gateway.balancer.PolicyResponse;
import dev.switchyard.gateway.balancer.attempt.Attempts;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * Adds the balancer's headers to a balanced response just before it is sent, once the
 * last retry is known: {@code X-LB-Policy}, and for an answer from an instance
 * {@code X-Served-By}, {@code X-LB-Decision} when asked for and the policy's cookie.
 */
public class LoadBalancerResponseHeadersFilter implements GlobalFilter, Ordered {

	/** The instance that answered. */
	public static final String SERVED_BY = "X-Served-By";

	/** The policy that picked it. */
	public static final String POLICY = "X-LB-Policy";

	/** Why it was picked, on requests with {@code X-LB-Explain: true}. */
	public static final String DECISION = "X-LB-Decision";

	@Override
	public int getOrder() {
		return NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER - 2;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		exchange.getResponse().beforeCommit(() -> {
			addHeaders(exchange);
			return Mono.empty();
		});
		return chain.filter(exchange);
	}

	private void addHeaders(ServerWebExchange exchange) {
		Object selected = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR);
		if (!(selected instanceof PolicyResponse response)) {
			return;
		}
		ServerHttpResponse serverResponse = exchange.getResponse();
		HttpHeaders headers = serverResponse.getHeaders();
		headers.set(POLICY, response.getPolicy());
		if (exchange.getAttribute(ServerWebExchangeUtils.CLIENT_RESPONSE_ATTR) == null) {
			return;
		}
		headers.set(SERVED_BY, response.getServer().getInstanceId());
		if (response.getDecision() != null) {
			headers.set(DECISION, response.getDecision() + notes(exchange));
		}
		if (response.getCookie() != null) {
			serverResponse.addCookie(response.getCookie());
		}
	}

	/**
	 * Return what the attempt stages did before this answer: retries and the retries the
	 * budget refused.
	 */
	private static String notes(ServerWebExchange exchange) {
		Attempts attempts = exchange.getAttribute(BalancerAttributes.ATTEMPTS);
		if (attempts == null || attempts.notes().isEmpty()) {
			return "";
		}
		return "; " + String.join("; ", attempts.notes());
	}

}
