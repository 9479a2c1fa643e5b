package dev.switchyard.web.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.switchyard.web.ratelimit.AddressRateLimiter;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.util.StringUtils;
import org.springframework.web.ErrorResponseException;

/**
 * Decides whether a protected request may go on: its client address must be within the
 * rate limits, and it must carry {@code Authorization: Bearer} with the configured token.
 * The token is compared as a SHA-256 digest in constant time, so that neither its content
 * nor its length leaks through timing. Without a configured token every protected request
 * is refused. A refusal is an {@link ErrorResponseException}: 401 with a
 * {@code WWW-Authenticate} challenge (RFC 6750), or 429 with {@code Retry-After}, each
 * with a problem body.
 */
public class BearerTokenAuthenticator {

	private static final Log logger = LogFactory.getLog(BearerTokenAuthenticator.class);

	private static final String BEARER = "Bearer ";

	private final byte @Nullable [] expectedDigest;

	private final String realm;

	private final String tokenName;

	private final AddressRateLimiter rateLimiter;

	/**
	 * Create the authenticator.
	 * @param token the token protected requests must carry; when empty, every protected
	 * request is refused
	 * @param tokenName how the token is configured, for the warning when it is not and
	 * for the 401's detail, such as {@code gateway.admin.token (ADMIN_TOKEN)}; never its
	 * value
	 * @param realm the realm of the {@code WWW-Authenticate} challenge
	 * @param rateLimiter the rate limits per client address
	 */
	public BearerTokenAuthenticator(@Nullable String token, String tokenName, String realm,
			AddressRateLimiter rateLimiter) {
		this.realm = realm;
		this.tokenName = tokenName;
		this.rateLimiter = rateLimiter;
		if (StringUtils.hasText(token)) {
			this.expectedDigest = sha256(token);
		}
		else {
			this.expectedDigest = null;
			logger.warn(tokenName + " is not set: every protected request will be refused with 401");
		}
	}

	/**
	 * Create the authenticator with a rate limiter of the given limits.
	 * @param token the token protected requests must carry, may be empty
	 * @param tokenName how the token is configured, never its value
	 * @param realm the realm of the {@code WWW-Authenticate} challenge
	 * @param limits the rate limits per client address
	 */
	public BearerTokenAuthenticator(@Nullable String token, String tokenName, String realm,
			AdminRateLimitProperties limits) {
		this(token, tokenName, realm, new AddressRateLimiter(limits.toLimits()));
	}

	/**
	 * Let a protected request go on, or refuse it.
	 * @param client the client's address, which the rate limits are kept by
	 * @param authorization the request's {@code Authorization} header, if any
	 * @throws ErrorResponseException a 429 when the client is over its limits, a 401 when
	 * the token is missing or wrong
	 */
	public void authenticate(String client, @Nullable String authorization) {
		Optional<Duration> refused = this.rateLimiter.tryAcquire(client);
		if (refused.isPresent()) {
			throw tooManyRequests(refused.get());
		}
		if (!isAuthorized(authorization)) {
			this.rateLimiter.recordFailedAuthentication(client);
			throw unauthorized(StringUtils.hasText(authorization));
		}
	}

	boolean isAuthorized(@Nullable String authorization) {
		if (this.expectedDigest == null || authorization == null
				|| !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return false;
		}
		// digests of equal length: the comparison's time depends on neither the presented
		// token's content nor its length
		return MessageDigest.isEqual(this.expectedDigest, sha256(authorization.substring(BEARER.length()).trim()));
	}

	private ErrorResponseException unauthorized(boolean credentialsPresented) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
				"This endpoint requires Authorization: Bearer <token>, the token being " + this.tokenName);
		ErrorResponseException exception = new ErrorResponseException(HttpStatus.UNAUTHORIZED, problem, null);
		// RFC 6750 section 3.1: no error code when the request carried no credentials
		exception.getHeaders()
			.set(HttpHeaders.WWW_AUTHENTICATE,
					"Bearer realm=\"" + this.realm + "\"" + (credentialsPresented ? ", error=\"invalid_token\"" : ""));
		return exception;
	}

	private static ErrorResponseException tooManyRequests(Duration retryAfter) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
				"Too many protected requests, or failed authentications, from this address; retry after "
						+ retryAfter.toSeconds() + " s");
		ErrorResponseException exception = new ErrorResponseException(HttpStatus.TOO_MANY_REQUESTS, problem, null);
		exception.getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter.toSeconds()));
		return exception;
	}

	private static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
