package dev.switchyard.registry.client;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.json.JsonMapper;

/**
 * The clients of the configured daemons. A URL {@code dns+http://name:port} stands for
 * every address {@code name} resolves to (a Kubernetes headless Service over a
 * DaemonSet), so the set of daemons can change while the application runs.
 */
public class RegistryClients {

	private static final String DNS_PREFIX = "dns+";

	private final List<URI> urls;

	private final String token;

	private final HttpClient http;

	private final JsonMapper json;

	private final Map<URI, RegistryClient> clients = new ConcurrentHashMap<>();

	/**
	 * Create the clients of the properties' daemons.
	 * @param properties the client properties
	 */
	public RegistryClients(RegistryClientProperties properties) {
		this.urls = List.copyOf(properties.urls());
		this.token = properties.token();
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(1))
			.build();
		this.json = JsonMapper.builder().findAndAddModules().build();
	}

	/**
	 * Return the client of the daemon this application registers with: the first
	 * configured one (the first address of a {@code dns+} URL).
	 * @return the client
	 * @throws RegistryClientException if a {@code dns+} URL resolves to nothing
	 */
	public RegistryClient primary() {
		URI first = this.urls.get(0);
		if (!isDynamic(first)) {
			return client(first);
		}
		List<URI> resolved = resolve(first);
		if (resolved.isEmpty()) {
			throw new RegistryClientException("No address for " + first, 0, null);
		}
		return client(resolved.get(0));
	}

	/**
	 * Return a client for every daemon now: static URLs as they are, {@code dns+} URLs
	 * resolved again. A name that does not resolve contributes nothing.
	 * @return the clients, in configuration order
	 */
	public List<RegistryClient> current() {
		Set<URI> targets = new LinkedHashSet<>();
		for (URI url : this.urls) {
			if (isDynamic(url)) {
				targets.addAll(resolve(url));
			}
			else {
				targets.add(url);
			}
		}
		List<RegistryClient> result = new ArrayList<>(targets.size());
		targets.forEach((target) -> result.add(client(target)));
		return result;
	}

	/**
	 * Return whether some daemons are found through DNS and may change.
	 * @return {@code true} if a {@code dns+} URL is configured
	 */
	public boolean isDynamic() {
		return this.urls.stream().anyMatch(RegistryClients::isDynamic);
	}

	private RegistryClient client(URI url) {
		return this.clients.computeIfAbsent(url, (key) -> new RegistryClient(key, this.token, this.http, this.json));
	}

	private static boolean isDynamic(URI url) {
		return url.getScheme() != null && url.getScheme().startsWith(DNS_PREFIX);
	}

	private static List<URI> resolve(URI url) {
		String scheme = url.getScheme().substring(DNS_PREFIX.length());
		try {
			List<URI> resolved = new ArrayList<>();
			for (InetAddress address : InetAddress.getAllByName(url.getHost())) {
				String host = Hosts.forUri(address.getHostAddress());
				resolved.add(URI.create(scheme + "://" + host + ":" + url.getPort()));
			}
			resolved.sort(null);
			return resolved;
		}
		catch (UnknownHostException ex) {
			return List.of();
		}
	}

}
