package dev.switchyard.test.openapi;

import java.net.URI;

/**
 * A call to send to a running application, with the status it should answer.
 *
 * @param method the HTTP method
 * @param target the path, with its query if any
 * @param body a JSON body, or {@code null}
 * @param status the status the call answers
 * @param streaming whether the response is a stream that is never complete (server-sent
 * events): only its status and content type are checked
 */
public record ApiCall(String method, String target, String body, int status, boolean streaming) {

	/**
	 * Return a call without a body.
	 * @param method the HTTP method
	 * @param target the path and query
	 * @param status the expected status
	 * @return the call
	 */
	public static ApiCall of(String method, String target, int status) {
		return new ApiCall(method, target, null, status, false);
	}

	/**
	 * Return a call with a JSON body.
	 * @param method the HTTP method
	 * @param target the path and query
	 * @param body the JSON body
	 * @param status the expected status
	 * @return the call
	 */
	public static ApiCall of(String method, String target, String body, int status) {
		return new ApiCall(method, target, body, status, false);
	}

	/**
	 * Return a call whose response is a never-ending stream.
	 * @param target the path and query
	 * @return the call, a {@code GET} that answers 200
	 */
	public static ApiCall stream(String target) {
		return new ApiCall("GET", target, null, 200, true);
	}

	/**
	 * Return the path of the call, without its query.
	 * @return the path
	 */
	public String path() {
		return URI.create(this.target).getRawPath();
	}

	/**
	 * Return the query of the call.
	 * @return the raw query, or {@code null}
	 */
	public String query() {
		return URI.create(this.target).getRawQuery();
	}

	@Override
	public String toString() {
		return this.method + " " + this.target;
	}

}
