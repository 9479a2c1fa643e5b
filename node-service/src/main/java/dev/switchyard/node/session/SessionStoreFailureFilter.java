package dev.switchyard.node.session;

import java.io.IOException;

import dev.switchyard.node.web.DataStoreFailures;
import dev.switchyard.node.web.ProblemResponseWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 503 problem+json when Redis fails inside Spring Session's filter, which runs
 * around the controllers and saves the session after them, out of reach of Spring MVC's
 * exception handling.
 */
@Component
public class SessionStoreFailureFilter extends OncePerRequestFilter implements Ordered {

	/**
	 * Just outside Spring Session's filter.
	 */
	public static final int ORDER = SessionRepositoryFilter.DEFAULT_ORDER - 1;

	private final ProblemResponseWriter writer;

	/**
	 * Create the filter.
	 * @param writer writes the problem
	 */
	public SessionStoreFailureFilter(ProblemResponseWriter writer) {
		this.writer = writer;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (IOException | ServletException | RuntimeException ex) {
			if (!DataStoreFailures.isUnavailable(ex)) {
				throw ex;
			}
			this.logger.debug("Session store unavailable", ex);
			if (!this.writer.write(request, response, DataStoreFailures.problem(), DataStoreFailures.headers())) {
				this.logger.warn("Session store failed after the response to " + request.getRequestURI()
						+ " was committed: " + ex.getMessage());
			}
		}
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
