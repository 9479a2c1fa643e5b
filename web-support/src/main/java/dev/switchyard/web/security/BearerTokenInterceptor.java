package dev.switchyard.web.security;

import java.util.function.Function;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;

/**
 * Spring MVC's way to the {@link BearerTokenAuthenticator}: registered with the path
 * patterns and methods of {@link ProtectedRequests}, which Spring MVC matches against the
 * parsed request path its handler mappings match, so it runs before every handler a
 * protected request could reach, however the path is spelled. A refusal is thrown as an
 * {@link org.springframework.web.ErrorResponseException} for the application's exception
 * handlers to render.
 */
public class BearerTokenInterceptor implements HandlerInterceptor {

	private static final String AUTHENTICATED = BearerTokenInterceptor.class.getName() + ".authenticated";

	private final BearerTokenAuthenticator authenticator;

	private final Function<HttpServletRequest, String> clientAddress;

	/**
	 * Create the interceptor, keeping the rate limits by the peer's address (the servlet
	 * applications trust no forwarded address).
	 * @param authenticator the token check and its rate limits
	 */
	public BearerTokenInterceptor(BearerTokenAuthenticator authenticator) {
		this(authenticator, HttpServletRequest::getRemoteAddr);
	}

	/**
	 * Create the interceptor.
	 * @param authenticator the token check and its rate limits
	 * @param clientAddress the client's address of a request
	 */
	public BearerTokenInterceptor(BearerTokenAuthenticator authenticator,
			Function<HttpServletRequest, String> clientAddress) {
		this.authenticator = authenticator;
		this.clientAddress = clientAddress;
	}

	/**
	 * Register this interceptor for the protected requests.
	 * @param registry the application's interceptor registry
	 * @param protectedRequests the requests that need the token
	 */
	public void register(InterceptorRegistry registry, ProtectedRequests protectedRequests) {
		for (ProtectedRequests.Rule rule : protectedRequests.rules()) {
			// first: no other interceptor acts on a request that is to be refused
			registry.addInterceptor(this)
				.order(Ordered.HIGHEST_PRECEDENCE)
				.addPathPatterns(rule.patterns())
				.excludeHttpMethods(rule.openMethods().stream().toList());
		}
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		// rules that overlap register this interceptor twice: authenticate (and count)
		// once
		if (request.getAttribute(AUTHENTICATED) == null) {
			this.authenticator.authenticate(this.clientAddress.apply(request),
					request.getHeader(HttpHeaders.AUTHORIZATION));
			request.setAttribute(AUTHENTICATED, Boolean.TRUE);
		}
		return true;
	}

}
