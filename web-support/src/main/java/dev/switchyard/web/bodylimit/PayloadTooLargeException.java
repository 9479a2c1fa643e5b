package dev.switchyard.web.bodylimit;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Rendered as a 413 problem when a request body exceeds the limit of the
 * {@link RequestBodyLimitFilter}.
 */
public class PayloadTooLargeException extends ErrorResponseException {

	/**
	 * Create the exception.
	 * @param limit the limit that was exceeded, in bytes
	 */
	public PayloadTooLargeException(long limit) {
		super(HttpStatus.CONTENT_TOO_LARGE, ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
				"The request body exceeds the limit of " + limit + " bytes"), null);
	}

	/**
	 * Return the exception to answer with when a body could not be read because it
	 * exceeded the limit while it was read (a chunked body), as an exception handler sees
	 * it: wrapped by the JSON parser and the message converter.
	 * @param ex the failure to read the body
	 * @return the exception, or {@code null} if the body was not too large
	 */
	public static @Nullable PayloadTooLargeException causedBy(Throwable ex) {
		Throwable candidate = ex;
		for (int depth = 0; candidate != null && depth < 16; depth++) {
			if (candidate instanceof RequestBodyTooLargeException tooLarge) {
				return new PayloadTooLargeException(tooLarge.getLimit());
			}
			candidate = candidate.getCause();
		}
		return null;
	}

}
