package dev.switchyard.registry.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Blocking client of one registry daemon's {@code /v1} API, on the JDK's HTTP client so
 * that servlet and reactive applications can both use it.
 */
public class RegistryClient {

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

	private static final String INDEX_HEADER = "X-Registry-Index";

	private final URI baseUrl;

	private final String token;

	private final HttpClient http;

	private final JsonMapper json;

	/**
	 * Create a client of the daemon at {@code baseUrl}.
	 * @param baseUrl the daemon's URL, such as {@code http://127.0.0.1:7111}
	 * @param token the bearer token, sent with writes only; may be {@code null} for a
	 * read-only client
	 * @param http the HTTP client to use
	 * @param json the JSON mapper to use
	 */
	public RegistryClient(URI baseUrl, String token, HttpClient http, JsonMapper json) {
		this.baseUrl = URI.create(baseUrl.toString().replaceAll("/+$", "") + "/");
		this.token = token;
		this.http = http;
		this.json = json;
	}

	/**
	 * Return the daemon's URL.
	 * @return the URL
	 */
	public URI baseUrl() {
		return this.baseUrl;
	}

	/**
	 * Register or replace an instance.
	 * @param service the service name
	 * @param instanceId the instance id
	 * @param host the host the instance listens on
	 * @param port the port the instance listens on
	 * @param metadata the instance's metadata
	 * @param ttl the lease's time to live
	 * @return the instance as registered
	 */
	public RegisteredInstance register(String service, String instanceId, String host, int port,
			Map<String, String> metadata, Duration ttl) {
		Map<String, Object> body = Map.of("host", host, "port", port, "metadata", metadata, "ttlSeconds",
				Math.max(1, ttl.toSeconds()));
		return send("PUT", instancePath(service, instanceId), body, RegisteredInstance.class);
	}

	/**
	 * Renew an instance's lease.
	 * @param service the service name
	 * @param instanceId the instance id
	 * @return the instance
	 * @throws RegistryClientException with {@link RegistryClientException#isNotFound()}
	 * when the daemon does not know the instance and it must register again
	 */
	public RegisteredInstance heartbeat(String service, String instanceId) {
		return send("PUT", instancePath(service, instanceId) + "/heartbeat", null, RegisteredInstance.class);
	}

	/**
	 * Change an instance's status.
	 * @param service the service name
	 * @param instanceId the instance id
	 * @param status the new status
	 * @return the instance
	 */
	public RegisteredInstance status(String service, String instanceId, String status) {
		return send("PUT", instancePath(service, instanceId) + "/status", Map.of("status", status),
				RegisteredInstance.class);
	}

	/**
	 * Remove an instance.
	 * @param service the service name
	 * @param instanceId the instance id
	 */
	public void deregister(String service, String instanceId) {
		send("DELETE", instancePath(service, instanceId), null, Void.class);
	}

	/**
	 * Read a service's instances, waiting up to {@code wait} for a change past
	 * {@code index} (a blocking query) when {@code index} is positive.
	 * @param service the service name
	 * @param index the last index seen, or 0 for an immediate answer
	 * @param wait how long the daemon may hold the query
	 * @return the service's instances
	 */
	public ServiceSnapshot service(String service, long index, Duration wait) {
		String path = "v1/services/" + service;
		Duration timeout = REQUEST_TIMEOUT;
		if (index > 0) {
			path += "?index=" + index + "&wait=" + wait.toMillis() + "ms";
			timeout = timeout.plus(wait);
		}
		return send("GET", path, null, ServiceSnapshot.class, timeout);
	}

	/**
	 * Read a key of the key/value store, or every key under a prefix, waiting up to
	 * {@code wait} for a change past {@code index} (a blocking query) when {@code index}
	 * is positive.
	 * @param key the key, or the prefix with {@code recurse}
	 * @param recurse whether {@code key} is a prefix
	 * @param index the last index seen, or 0 for an immediate answer
	 * @param wait how long the daemon may hold the query
	 * @return the entries found (none when the key does not exist) and the index
	 */
	public KeyValueRead keyValues(String key, boolean recurse, long index, Duration wait) {
		String path = "v1/kv/" + key;
		String query = recurse ? "recurse" : "";
		Duration timeout = REQUEST_TIMEOUT;
		if (index > 0) {
			query += (query.isEmpty() ? "" : "&") + "index=" + index + "&wait=" + wait.toMillis() + "ms";
			timeout = timeout.plus(wait);
		}
		HttpResponse<byte[]> response = exchange("GET", query.isEmpty() ? path : path + "?" + query, null, timeout);
		long answered = response.headers().firstValueAsLong(INDEX_HEADER).orElse(0);
		if (response.statusCode() == 404 && !recurse) {
			return new KeyValueRead(List.of(), answered);
		}
		checkStatus("GET", path, response);
		try {
			List<KeyValueEntry> entries = recurse ? List.of(this.json.readValue(response.body(), KeyValueEntry[].class))
					: List.of(this.json.readValue(response.body(), KeyValueEntry.class));
			return new KeyValueRead(entries, answered);
		}
		catch (JacksonException ex) {
			throw new RegistryClientException("GET " + path + " answered an unreadable body: " + ex, 0, ex);
		}
	}

	/**
	 * Write a key of the key/value store.
	 * @param key the key
	 * @param value the value
	 * @param cas when not {@code null}, write only if the key's {@code modifyIndex} is
	 * this one ({@code 0}: only if it does not exist)
	 * @return the written entry
	 * @throws RegistryClientException with {@link RegistryClientException#isConflict()}
	 * when {@code cas} does not match
	 */
	public KeyValueEntry putKeyValue(String key, String value, Long cas) {
		String path = "v1/kv/" + key + ((cas != null) ? "?cas=" + cas : "");
		HttpResponse<byte[]> response = exchange("PUT", path, value.getBytes(StandardCharsets.UTF_8), REQUEST_TIMEOUT);
		checkStatus("PUT", path, response);
		try {
			return this.json.readValue(response.body(), KeyValueEntry.class);
		}
		catch (JacksonException ex) {
			throw new RegistryClientException("PUT " + path + " answered an unreadable body: " + ex, 0, ex);
		}
	}

	/**
	 * Delete a key of the key/value store.
	 * @param key the key
	 */
	public void deleteKeyValue(String key) {
		String path = "v1/kv/" + key;
		checkStatus("DELETE", path, exchange("DELETE", path, null, REQUEST_TIMEOUT));
	}

	private HttpResponse<byte[]> exchange(String method, String path, byte[] body, Duration timeout) {
		URI uri = this.baseUrl.resolve(path);
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.timeout(timeout)
			.header("Accept", "application/json")
			.method(method, (body != null) ? BodyPublishers.ofByteArray(body) : BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", "text/plain; charset=utf-8");
		}
		if (!method.equals("GET") && this.token != null && !this.token.isEmpty()) {
			request.header("Authorization", "Bearer " + this.token);
		}
		try {
			return this.http.send(request.build(), BodyHandlers.ofByteArray());
		}
		catch (IOException ex) {
			throw new RegistryClientException(method + " " + uri + " failed: " + ex, 0, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RegistryClientException(method + " " + uri + " interrupted", 0, ex);
		}
	}

	private void checkStatus(String method, String path, HttpResponse<byte[]> response) {
		if (response.statusCode() / 100 != 2) {
			throw new RegistryClientException(
					method + " " + this.baseUrl.resolve(path) + " answered " + response.statusCode(),
					response.statusCode(), null);
		}
	}

	private static String instancePath(String service, String instanceId) {
		return "v1/services/" + service + "/instances/" + instanceId;
	}

	private <T> T send(String method, String path, Object body, Class<T> type) {
		return send(method, path, body, type, REQUEST_TIMEOUT);
	}

	private <T> T send(String method, String path, Object body, Class<T> type, Duration timeout) {
		URI uri = this.baseUrl.resolve(path);
		try {
			BodyPublisher publisher = (body != null) ? BodyPublishers.ofByteArray(this.json.writeValueAsBytes(body))
					: BodyPublishers.noBody();
			HttpRequest.Builder request = HttpRequest.newBuilder(uri)
				.timeout(timeout)
				.header("Accept", "application/json")
				.method(method, publisher);
			if (body != null) {
				request.header("Content-Type", "application/json");
			}
			// the token is for writes: a read, above all the blocking query that is
			// always
			// pending, does not carry it where it needs not go
			if (!method.equals("GET") && this.token != null && !this.token.isEmpty()) {
				request.header("Authorization", "Bearer " + this.token);
			}
			HttpResponse<byte[]> response = this.http.send(request.build(), BodyHandlers.ofByteArray());
			if (response.statusCode() / 100 != 2) {
				throw new RegistryClientException(method + " " + uri + " answered " + response.statusCode(),
						response.statusCode(), null);
			}
			if (type == Void.class || response.body().length == 0) {
				return null;
			}
			return this.json.readValue(response.body(), type);
		}
		catch (IOException | JacksonException ex) {
			throw new RegistryClientException(method + " " + uri + " failed: " + ex, 0, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RegistryClientException(method + " " + uri + " interrupted", 0, ex);
		}
	}

}
