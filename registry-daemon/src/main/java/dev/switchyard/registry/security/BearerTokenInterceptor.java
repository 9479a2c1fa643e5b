package dev.switchyard.registry.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Lets a write through only with {@code Authorization: Bearer <token>}; reads stay open.
 * The token is compared in constant time.
 */
public class BearerTokenInterceptor implements HandlerInterceptor {

	private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");

	private static final String BEARER = "Bearer ";

	private final byte[] token;

	public BearerTokenInterceptor(String token) {
		this.token = token.getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (READ_METHODS.contains(request.getMethod())) {
			return true;
		}
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			throw new InvalidTokenException("This operation requires the header 'Authorization: Bearer <token>'",
					false);
		}
		byte[] presented = authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
		// the expected token goes first: isEqual's time then depends on its length only
		if (!MessageDigest.isEqual(this.token, presented)) {
			throw new InvalidTokenException("The bearer token is not valid for this registry", true);
		}
		return true;
	}

}
