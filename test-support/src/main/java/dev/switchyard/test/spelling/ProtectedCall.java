package dev.switchyard.test.spelling;

/**
 * A call that needs a token: a handler method's path pattern with one HTTP method, and a
 * path of that pattern to send.
 *
 * @param method the HTTP method
 * @param pattern the handler's path pattern, such as {@code /admin/lb/routes/{routeId}}
 * @param path a path of the pattern, such as {@code /admin/lb/routes/api}
 * @param handler the handler method, {@code Controller#method}
 */
public record ProtectedCall(String method, String pattern, String path, String handler) {

	@Override
	public String toString() {
		return this.method + " " + this.pattern + " (" + this.handler + ")";
	}

}
