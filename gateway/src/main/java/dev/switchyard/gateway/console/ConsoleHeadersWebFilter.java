package dev.switchyard.gateway.console;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Hardens the console's page: it may run only its own script, talk only to this gateway
 * and not be framed, since it holds the admin token in memory once given; and it is
 * revalidated on every load, so that a new gateway's page is seen at once.
 */
public class ConsoleHeadersWebFilter implements WebFilter {

	static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getPath().pathWithinApplication().value();
		if (path.equals("/") || path.equals("/index.html") || path.startsWith("/console/")
				|| path.startsWith("/webjars/")) {
			HttpHeaders headers = exchange.getResponse().getHeaders();
			headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
			headers.set("X-Content-Type-Options", "nosniff");
			headers.set("Referrer-Policy", "no-referrer");
			headers.set(HttpHeaders.CACHE_CONTROL, "no-cache");
		}
		return chain.filter(exchange);
	}

}
