package dev.switchyard.node.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Optional;

import dev.switchyard.web.ratelimit.AddressRateLimiter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.util.StringUtils;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Lets a request through only with {@code Authorization: Bearer <ADMIN_TOKEN>}, comparing
 * in constant time; answers 401 problem+json otherwise. Each client address is rate
 * limited first (429 with {@code Retry-After}), and its failed authentications more
 * strictly, so that the token cannot be guessed quickly.
 */
public class AdminTokenInterceptor implements HandlerInterceptor {

	private static final Log logger = LogFactory.getLog(AdminTokenInterceptor.class);

	private static final String BEARER = "Bearer ";

	private final byte @Nullable [] expectedDigest;

	private final AddressRateLimiter rateLimiter;

	/**
	 * Create the interceptor.
	 * @param properties the admin properties
	 * @param rateLimiter the rate limits per client address
	 */
	public AdminTokenInterceptor(AdminProperties properties, AddressRateLimiter rateLimiter) {
		this.rateLimiter = rateLimiter;
		if (StringUtils.hasText(properties.token())) {
			this.expectedDigest = sha256(properties.token());
		}
		else {
			this.expectedDigest = null;
			logger.warn("node.admin.token (ADMIN_TOKEN) is not set: every /admin request will answer 401");
		}
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		// the peer: the node trusts no forwarded address (it sets no forward-headers
		// strategy)
		String client = request.getRemoteAddr();
		Optional<Duration> refused = this.rateLimiter.tryAcquire(client);
		if (refused.isPresent()) {
			throw new AdminRateLimitedException(refused.get());
		}
		if (!isAuthorized(request.getHeader(HttpHeaders.AUTHORIZATION))) {
			this.rateLimiter.recordFailedAuthentication(client);
			throw new AdminUnauthorizedException();
		}
		return true;
	}

	boolean isAuthorized(@Nullable String authorization) {
		if (this.expectedDigest == null || authorization == null
				|| !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return false;
		}
		// Comparing digests keeps the time independent of where, and whether, the
		// lengths differ.
		byte[] presented = sha256(authorization.substring(BEARER.length()).trim());
		return MessageDigest.isEqual(this.expectedDigest, presented);
	}

	private static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	/**
	 * A missing or wrong admin token.
	 */
	static class AdminUnauthorizedException extends ErrorResponseException {

		AdminUnauthorizedException() {
			super(HttpStatus.UNAUTHORIZED, problem(), null);
			getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"switchyard-node\"");
		}

		private static ProblemDetail problem() {
			return ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
					"This endpoint requires Authorization: Bearer <ADMIN_TOKEN>.");
		}

	}

	/**
	 * Too many admin requests, or failed authentications, from one address.
	 */
	static class AdminRateLimitedException extends ErrorResponseException {

		AdminRateLimitedException(Duration retryAfter) {
			super(HttpStatus.TOO_MANY_REQUESTS, problem(retryAfter), null);
			getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter.toSeconds()));
		}

		private static ProblemDetail problem(Duration retryAfter) {
			return ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
					"Too many admin requests, or failed authentications, from this address; retry after "
							+ retryAfter.toSeconds() + " s.");
		}

	}

}
