package dev.switchyard.node.session;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Opens the session store's {@linkplain ScriptedRedisSessionRepository#openRequestScope()
 * request scope} around Spring Session's filter, so that a request reads its session from
 * Redis once, however often the filter looks it up.
 */
public class SessionRequestScopeFilter extends OncePerRequestFilter implements Ordered {

	/** Around Spring Session's filter and the one that turns its failures into 503s. */
	public static final int ORDER = SessionStoreFailureFilter.ORDER - 1;

	private final ScriptedRedisSessionRepository repository;

	/**
	 * Create the filter.
	 * @param repository the session store
	 */
	public SessionRequestScopeFilter(ScriptedRedisSessionRepository repository) {
		this.repository = repository;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try (ScriptedRedisSessionRepository.RequestScope scope = this.repository.openRequestScope()) {
			chain.doFilter(request, response);
		}
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
