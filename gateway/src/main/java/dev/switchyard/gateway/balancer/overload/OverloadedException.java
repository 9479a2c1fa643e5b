package dev.switchyard.gateway.balancer.overload;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * A request shed by overload protection: a 503 problem+json with {@code Retry-After}.
 */
public class OverloadedException extends ResponseStatusException {

	private final long retryAfterSeconds;

	/**
	 * Create the exception.
	 * @param detail why the request was shed
	 * @param retryAfter when the client may try again, rounded up to whole seconds
	 */
	public OverloadedException(String detail, Duration retryAfter) {
		super(HttpStatus.SERVICE_UNAVAILABLE, detail);
		this.retryAfterSeconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
	}

	@Override
	public HttpHeaders getHeaders() {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, Long.toString(this.retryAfterSeconds));
		return headers;
	}

}
