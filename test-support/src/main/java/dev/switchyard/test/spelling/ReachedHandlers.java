package dev.switchyard.test.spelling;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.web.method.HandlerMethod;

/**
 * Records which handler methods requests reached, past every check that could refuse
 * them: {@link ReachedHandlersInterceptor} for Spring MVC,
 * {@link ReachedHandlersWebFilter} for WebFlux.
 */
public final class ReachedHandlers {

	private final Set<String> reached = ConcurrentHashMap.newKeySet();

	/**
	 * Return the handlers reached since the last call, and forget them.
	 * @return their names, {@code Controller#method}
	 */
	public List<String> drain() {
		List<String> drained = List.copyOf(this.reached);
		this.reached.removeAll(drained);
		return drained;
	}

	void record(Object handler) {
		if (handler instanceof HandlerMethod method) {
			this.reached.add(method.getBeanType().getSimpleName() + "#" + method.getMethod().getName());
		}
	}

}
