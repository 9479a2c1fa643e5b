package dev.switchyard.web.security;

import java.util.function.Function;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * WebFlux's way to the {@link BearerTokenAuthenticator}: a request that
 * {@link ProtectedRequests} matches goes on only once authenticated. It matches
 * {@code request.getPath().pathWithinApplication()}, the parsed path WebFlux's handler
 * mappings match, and runs before any of them, so a request refused here reaches no
 * handler, whichever mapping would have taken it. A refusal is signalled as an
 * {@link ErrorResponseException} for the application's error handler to render.
 */
public class BearerTokenWebFilter implements WebFilter, Ordered {

	/**
	 * Early: before anything that could act on a request.
	 */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

	private final ProtectedRequests protectedRequests;

	private final BearerTokenAuthenticator authenticator;

	private final Function<ServerHttpRequest, String> clientAddress;

	/**
	 * Create the filter.
	 * @param protectedRequests the requests that need the token
	 * @param authenticator the token check and its rate limits
	 * @param clientAddress the client's address of a request, which the rate limits are
	 * kept by
	 */
	public BearerTokenWebFilter(ProtectedRequests protectedRequests, BearerTokenAuthenticator authenticator,
			Function<ServerHttpRequest, String> clientAddress) {
		this.protectedRequests = protectedRequests;
		this.authenticator = authenticator;
		this.clientAddress = clientAddress;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		if (!this.protectedRequests.matches(request.getMethod(), request.getPath().pathWithinApplication())) {
			return chain.filter(exchange);
		}
		try {
			this.authenticator.authenticate(this.clientAddress.apply(request),
					request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
		}
		catch (ErrorResponseException ex) {
			return Mono.error(ex);
		}
		return chain.filter(exchange);
	}

}
