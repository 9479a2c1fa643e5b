package dev.switchyard.gateway.web;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Names the gateway that served a response in {@code X-Gateway}, its instance id in the
 * registry: behind the layer-4 tier a client (or a test) can tell which of the gateways
 * its connection reached.
 */
public class GatewayNameWebFilter implements WebFilter, Ordered {

	/** The header naming the gateway. */
	public static final String GATEWAY = "X-Gateway";

	private final String name;

	/**
	 * Create the filter.
	 * @param name this gateway's name
	 */
	public GatewayNameWebFilter(String name) {
		this.name = name;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		exchange.getResponse().beforeCommit(() -> {
			exchange.getResponse().getHeaders().set(GATEWAY, this.name);
			return Mono.empty();
		});
		return chain.filter(exchange);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
