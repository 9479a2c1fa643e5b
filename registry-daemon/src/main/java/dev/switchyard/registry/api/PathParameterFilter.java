package dev.switchyard.registry.api;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Rejects a path with a {@code ;}: the servlet container would drop what follows it as a
 * path parameter, so {@code /instances/a;b} would silently register {@code a}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
public class PathParameterFilter extends OncePerRequestFilter {

	private final HandlerExceptionResolver exceptionResolver;

	public PathParameterFilter(
			@Lazy @Qualifier("handlerExceptionResolver") HandlerExceptionResolver exceptionResolver) {
		this.exceptionResolver = exceptionResolver;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getRequestURI().indexOf(';') >= 0) {
			this.exceptionResolver.resolveException(request, response, null,
					new InvalidRequestException("path", "must not contain ';' (path parameters are not supported)"));
			return;
		}
		chain.doFilter(request, response);
	}

}
