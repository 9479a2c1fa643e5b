package dev.switchyard.test.spelling;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Records the handler of each WebFlux request that gets past every filter before it (it
 * is ordered last), as chosen by the handler mappings, before the response is committed:
 * by the time a client has the answer, the handler is recorded.
 */
public final class ReachedHandlersWebFilter implements WebFilter, Ordered {

	private final ReachedHandlers reached;

	/**
	 * Create the filter.
	 * @param reached where to record
	 */
	public ReachedHandlersWebFilter(ReachedHandlers reached) {
		this.reached = reached;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		exchange.getResponse().beforeCommit(() -> {
			this.reached.record(exchange.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE));
			return Mono.empty();
		});
		return chain.filter(exchange);
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
