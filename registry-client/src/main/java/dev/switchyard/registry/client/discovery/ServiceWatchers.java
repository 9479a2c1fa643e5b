package dev.switchyard.registry.client.discovery;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.switchyard.registry.client.RegistryClientProperties;
import dev.switchyard.registry.client.RegistryClients;

import org.springframework.beans.factory.DisposableBean;

/**
 * One {@link ServiceWatcher} per watched service, started on first use and shared by
 * every load-balancer client of that service.
 */
public class ServiceWatchers implements DisposableBean {

	private final RegistryClients clients;

	private final RegistryClientProperties.Discovery properties;

	private final Map<String, ServiceWatcher> watchers = new ConcurrentHashMap<>();

	/**
	 * Create the watchers' holder.
	 * @param clients the daemons' clients
	 * @param properties the discovery properties
	 */
	public ServiceWatchers(RegistryClients clients, RegistryClientProperties.Discovery properties) {
		this.clients = clients;
		this.properties = properties;
	}

	/**
	 * Return the started watcher of a service.
	 * @param service the service name
	 * @return its watcher
	 */
	public ServiceWatcher watcher(String service) {
		return this.watchers
			.computeIfAbsent(service, (name) -> new ServiceWatcher(name, this.clients::current, this.properties))
			.start();
	}

	@Override
	public void destroy() {
		this.watchers.values().forEach(ServiceWatcher::close);
	}

}
