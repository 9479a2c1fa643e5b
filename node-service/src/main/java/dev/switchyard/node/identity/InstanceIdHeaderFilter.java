package dev.switchyard.node.identity;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Adds {@code X-Instance-Id} to every response, errors and actuator endpoints included,
 * so that a caller behind the gateway can always tell which node answered.
 */
@Component
public class InstanceIdHeaderFilter extends OncePerRequestFilter implements Ordered {

	/**
	 * The response header that names the instance.
	 */
	public static final String HEADER = "X-Instance-Id";

	private final NodeIdentity identity;

	/**
	 * Create the filter.
	 * @param identity this node's identity
	 */
	public InstanceIdHeaderFilter(NodeIdentity identity) {
		this.identity = identity;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		// Set before the chain runs: once the body is written the headers are gone.
		response.setHeader(HEADER, this.identity.instanceId());
		chain.doFilter(request, response);
	}

	/**
	 * Runs again on the error dispatch, whose response may have been reset.
	 */
	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
