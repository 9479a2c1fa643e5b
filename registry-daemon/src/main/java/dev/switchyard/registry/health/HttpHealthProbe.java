package dev.switchyard.registry.health;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.switchyard.registry.instance.Instance;
import dev.switchyard.registry.instance.MetadataRules;

/**
 * Checks one instance with an HTTP {@code GET} on its health path, using the JDK
 * {@link HttpClient} on virtual threads.
 */
public class HttpHealthProbe implements AutoCloseable {

	private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

	private final HttpClient client;

	private final Duration timeout;

	private final String defaultPath;

	public HttpHealthProbe(Duration timeout, String defaultPath) {
		this.timeout = timeout;
		this.defaultPath = defaultPath;
		this.client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(timeout)
			.followRedirects(HttpClient.Redirect.NEVER)
			.proxy(HttpClient.Builder.NO_PROXY)
			.executor(this.executor)
			.build();
	}

	/**
	 * Check the given instance, blocking until it answers or the timeout passes.
	 * @param instance the instance
	 * @return the result
	 */
	public ProbeResult probe(Instance instance) {
		String path = instance.metadata().getOrDefault(MetadataRules.HEALTH_PATH, this.defaultPath);
		URI uri;
		try {
			uri = URI.create("http://" + instance.authority() + path);
		}
		catch (IllegalArgumentException ex) {
			return ProbeResult.failing("invalid health check URL: " + ex.getMessage());
		}
		HttpRequest request = HttpRequest.newBuilder(uri)
			.timeout(this.timeout)
			.header("Accept", "application/json")
			.header("User-Agent", "switchyard-registry-health-check")
			.GET()
			.build();
		try {
			HttpResponse<Void> response = this.client.send(request, HttpResponse.BodyHandlers.discarding());
			int status = response.statusCode();
			String description = "GET " + uri + " answered " + status;
			return (status >= 200 && status < 300) ? ProbeResult.passing(description)
					: ProbeResult.failing(description);
		}
		catch (HttpTimeoutException ex) {
			// also covers HttpConnectTimeoutException, whose cause is a ConnectException
			return ProbeResult.failing("GET " + uri + " timed out after " + this.timeout.toMillis() + "ms");
		}
		catch (ConnectException ex) {
			return ProbeResult.refused("GET " + uri + " connection refused");
		}
		catch (IOException ex) {
			return ProbeResult.failing("GET " + uri + " failed: " + ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return ProbeResult.failing("GET " + uri + " interrupted");
		}
	}

	@Override
	public void close() {
		this.client.shutdownNow();
		this.executor.shutdownNow();
	}

}
