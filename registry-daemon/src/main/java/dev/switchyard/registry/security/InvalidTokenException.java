package dev.switchyard.registry.security;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Thrown when a write comes without the registry's bearer token, rendered as a 401 with a
 * {@code WWW-Authenticate} challenge.
 */
public class InvalidTokenException extends ErrorResponseException {

	private final HttpHeaders headers = new HttpHeaders();

	InvalidTokenException(String detail, boolean tokenPresented) {
		super(HttpStatus.UNAUTHORIZED, ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, detail), null);
		// RFC 6750: no error code when the request carried no credentials at all
		this.headers.set(HttpHeaders.WWW_AUTHENTICATE,
				tokenPresented ? "Bearer realm=\"registry\", error=\"invalid_token\"" : "Bearer realm=\"registry\"");
	}

	@Override
	public HttpHeaders getHeaders() {
		return this.headers;
	}

}
