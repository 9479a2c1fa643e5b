package dev.switchyard.gateway.shutdown;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * While the gateway drains, answers {@code Connection: close}, so that a client's
 * kept-alive connection is closed after the response it waited for, not under a request
 * it is about to send, and its next request opens a connection to a gateway that stays.
 */
public class ConnectionCloseWebFilter implements WebFilter, Ordered {

	private final GatewayDrain drain;

	/**
	 * Create the filter.
	 * @param drain whether the gateway drains
	 */
	public ConnectionCloseWebFilter(GatewayDrain drain) {
		this.drain = drain;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		exchange.getResponse().beforeCommit(() -> {
			if (this.drain.isDraining()) {
				exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
			}
			return Mono.empty();
		});
		return chain.filter(exchange);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
