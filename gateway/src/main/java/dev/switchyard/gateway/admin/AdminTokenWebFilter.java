package dev.switchyard.gateway.admin;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import dev.switchyard.gateway.balancer.BalancerProperties;
import dev.switchyard.gateway.balancer.policy.ClientAddressResolver;
import dev.switchyard.web.ratelimit.AddressRateLimiter;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Lets a request to {@code /admin/**} through only with {@code Authorization: Bearer} and
 * the admin token, compared in constant time; anything else is a 401. Each client address
 * is rate limited first (429 with {@code Retry-After}), and its failed authentications
 * more strictly, so that the token cannot be guessed quickly. The address is the peer's,
 * or the one a trusted proxy forwarded ({@code gateway.balancer.trusted-proxies}).
 */
@Component
public class AdminTokenWebFilter implements WebFilter, Ordered {

	private static final Log logger = LogFactory.getLog(AdminTokenWebFilter.class);

	private static final String BEARER = "Bearer ";

	private final byte[] expected;

	private final AddressRateLimiter rateLimiter;

	private final ClientAddressResolver clientAddresses;

	/**
	 * Create the filter.
	 * @param properties the admin properties
	 * @param rateLimiter the rate limits per client address
	 * @param balancerProperties the balancer's properties, which name the trusted proxies
	 */
	public AdminTokenWebFilter(AdminProperties properties, AddressRateLimiter rateLimiter,
			BalancerProperties balancerProperties) {
		this.rateLimiter = rateLimiter;
		this.clientAddresses = new ClientAddressResolver(balancerProperties.trustedProxies());
		if (StringUtils.hasText(properties.token())) {
			this.expected = sha256(properties.token());
		}
		else {
			this.expected = null;
			logger.warn("gateway.admin.token (ADMIN_TOKEN) is not set: every request to /admin/** will be refused");
		}
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 10;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getPath().pathWithinApplication().value();
		if (!path.equals("/admin") && !path.startsWith("/admin/")) {
			return chain.filter(exchange);
		}
		String client = client(exchange.getRequest());
		Optional<Duration> refused = this.rateLimiter.tryAcquire(client);
		if (refused.isPresent()) {
			return Mono.error(tooManyRequests(refused.get()));
		}
		if (isAuthorized(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION))) {
			return chain.filter(exchange);
		}
		this.rateLimiter.recordFailedAuthentication(client);
		return Mono.error(unauthorized());
	}

	private String client(ServerHttpRequest request) {
		InetSocketAddress peer = request.getRemoteAddress();
		InetAddress address = this.clientAddresses.resolve((peer != null) ? peer.getAddress() : null,
				request.getHeaders());
		return (address != null) ? address.getHostAddress() : "unknown";
	}

	private boolean isAuthorized(String authorization) {
		if (this.expected == null || authorization == null
				|| !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return false;
		}
		// hashing first makes the comparison's time independent of the token's length too
		return MessageDigest.isEqual(this.expected, sha256(authorization.substring(BEARER.length()).trim()));
	}

	private static ErrorResponseException unauthorized() {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
				"A valid admin token is required: Authorization: Bearer <ADMIN_TOKEN>");
		ErrorResponseException exception = new ErrorResponseException(HttpStatus.UNAUTHORIZED, problem, null);
		exception.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"switchyard\"");
		return exception;
	}

	private static ErrorResponseException tooManyRequests(Duration retryAfter) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
				"Too many admin requests, or failed authentications, from this address; retry after "
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
			throw new IllegalStateException(ex);
		}
	}

}
