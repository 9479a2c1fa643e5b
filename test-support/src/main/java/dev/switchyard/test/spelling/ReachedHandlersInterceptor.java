package dev.switchyard.test.spelling;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Records the handler of each Spring MVC request that gets past every interceptor before
 * it: register it last.
 */
public final class ReachedHandlersInterceptor implements HandlerInterceptor {

	private final ReachedHandlers reached;

	/**
	 * Create the interceptor.
	 * @param reached where to record
	 */
	public ReachedHandlersInterceptor(ReachedHandlers reached) {
		this.reached = reached;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		this.reached.record(handler);
		return true;
	}

}
