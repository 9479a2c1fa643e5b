package dev.switchyard.test.spelling;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.WebFilter;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Records which handler methods requests reached, past every check that could refuse
 * them: a Spring MVC interceptor that runs after all others, or a WebFlux filter that
 * runs after all others and looks at the handler chosen before the response is committed.
 */
public final class ReachedHandlers {

	private final Set<String> reached = ConcurrentHashMap.newKeySet();

	/**
	 * Return the interceptor to register, last, in a Spring MVC application.
	 * @return the interceptor
	 */
	public HandlerInterceptor servletInterceptor() {
		return new HandlerInterceptor() {

			@Override
			public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
				record(handler);
				return true;
			}

		};
	}

	/**
	 * Return the filter to register in a WebFlux application.
	 * @return the filter, ordered last
	 */
	public WebFilter webFilter() {
		return new OrderedWebFilter();
	}

	/**
	 * Return the handlers reached since the last call, and forget them.
	 * @return their names, {@code Controller#method}
	 */
	public List<String> drain() {
		List<String> drained = List.copyOf(this.reached);
		this.reached.removeAll(drained);
		return drained;
	}

	private void record(Object handler) {
		if (handler instanceof HandlerMethod method) {
			this.reached.add(method.getBeanType().getSimpleName() + "#" + method.getMethod().getName());
		}
	}

	private final class OrderedWebFilter implements WebFilter, Ordered {

		@Override
		public Mono<Void> filter(org.springframework.web.server.ServerWebExchange exchange,
				org.springframework.web.server.WebFilterChain chain) {
			exchange.getResponse().beforeCommit(() -> {
				record(exchange.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE));
				return Mono.empty();
			});
			return chain.filter(exchange);
		}

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE;
		}

	}

}
