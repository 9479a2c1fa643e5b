package dev.switchyard.registry.api;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Rendered as a 413 when a request body exceeds {@code registry.limits.max-body-size}.
 */
public class PayloadTooLargeException extends ErrorResponseException {

	PayloadTooLargeException(long limit) {
		super(HttpStatus.CONTENT_TOO_LARGE, ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
				"The request body exceeds the limit of " + limit + " bytes"), null);
	}

}
