package dev.switchyard.web.bodylimit;

import java.io.IOException;

/**
 * Thrown while reading a body that turns out to be larger than the limit; an application
 * finds it among the causes of the read failure with
 * {@link PayloadTooLargeException#causedBy(Throwable)}.
 */
public class RequestBodyTooLargeException extends IOException {

	private final long limit;

	RequestBodyTooLargeException(long limit) {
		super("Request body exceeds " + limit + " bytes");
		this.limit = limit;
	}

	/**
	 * Return the limit that was exceeded.
	 * @return the limit in bytes
	 */
	public long getLimit() {
		return this.limit;
	}

}
