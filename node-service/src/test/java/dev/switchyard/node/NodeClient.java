package dev.switchyard.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.jayway.jsonpath.JsonPath;

/**
 * A test client of one or more nodes that, like a browser behind the gateway, keeps the
 * {@code SESSION} cookie it was given and sends it to whichever node it calls.
 */
final class NodeClient {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private String sessionCookie;

	/**
	 * Return the {@code SESSION} cookie's value, if the client has one.
	 * @return the value
	 */
	Optional<String> session() {
		return Optional.ofNullable(this.sessionCookie);
	}

	/**
	 * Use the given session cookie value from now on.
	 * @param value the cookie value
	 */
	void session(String value) {
		this.sessionCookie = value;
	}

	Response get(int port, String path, String... headers) {
		return send(port, path, "GET", HttpRequest.BodyPublishers.noBody(), headers);
	}

	Response post(int port, String path, String json) {
		return send(port, path, "POST", HttpRequest.BodyPublishers.ofString(json), "Content-Type", "application/json");
	}

	Response put(int port, String path, String json, String... headers) {
		String[] all = new String[headers.length + 2];
		all[0] = "Content-Type";
		all[1] = "application/json";
		System.arraycopy(headers, 0, all, 2, headers.length);
		return send(port, path, "PUT", HttpRequest.BodyPublishers.ofString(json), all);
	}

	/**
	 * Send a JSON body from a publisher of the caller's choice, such as one of unknown
	 * length, which is sent chunked.
	 * @param port the node's port
	 * @param method the method
	 * @param path the path
	 * @param json the body
	 * @return the response
	 */
	Response sendJson(int port, String method, String path, HttpRequest.BodyPublisher json) {
		return send(port, path, method, json, "Content-Type", "application/json");
	}

	Response delete(int port, String path) {
		return send(port, path, "DELETE", HttpRequest.BodyPublishers.noBody());
	}

	private Response send(int port, String path, String method, HttpRequest.BodyPublisher body, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(TIMEOUT)
			.method(method, body);
		if (headers.length > 0) {
			request.headers(headers);
		}
		if (this.sessionCookie != null) {
			request.header("Cookie", "SESSION=" + this.sessionCookie);
		}
		try {
			long start = System.nanoTime();
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
			List<String> cookies = response.headers().allValues("Set-Cookie");
			cookies.stream()
				.filter((cookie) -> cookie.startsWith("SESSION="))
				.findFirst()
				.ifPresent((cookie) -> this.sessionCookie = cookie.substring("SESSION=".length(), cookie.indexOf(';')));
			return new Response(response, elapsed);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A response and how long it took.
	 *
	 * @param http the response
	 * @param elapsed the time from sending the request to reading the whole body
	 */
	record Response(HttpResponse<String> http, Duration elapsed) {

		int status() {
			return this.http.statusCode();
		}

		String header(String name) {
			return this.http.headers().firstValue(name).orElse(null);
		}

		List<String> headers(String name) {
			return this.http.headers().allValues(name);
		}

		String body() {
			return this.http.body();
		}

		<T> T json(String path) {
			return JsonPath.read(this.http.body(), path);
		}

	}

}
