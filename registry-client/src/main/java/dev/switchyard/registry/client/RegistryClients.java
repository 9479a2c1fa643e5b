package dev.switchyard.registry.client;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

/**
 * One {@link RegistryClient} per configured daemon; the first is this application's own
 * daemon, the one it registers with.
 */
public class RegistryClients {

	private final List<RegistryClient> clients;

	/**
	 * Create a client for each daemon of the properties.
	 * @param properties the client properties
	 */
	public RegistryClients(RegistryClientProperties properties) {
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(1))
			.build();
		JsonMapper json = JsonMapper.builder().findAndAddModules().build();
		this.clients = properties.urls()
			.stream()
			.map((url) -> new RegistryClient(url, properties.token(), http, json))
			.toList();
	}

	/**
	 * Return the client of the daemon this application registers with.
	 * @return the first configured daemon's client
	 */
	public RegistryClient primary() {
		return this.clients.get(0);
	}

	/**
	 * Return a client for every configured daemon.
	 * @return the clients, in configuration order
	 */
	public List<RegistryClient> all() {
		return this.clients;
	}

}
