package dev.switchyard.registry.client.discovery;

import java.net.URI;
import java.util.Map;

import dev.switchyard.registry.client.Hosts;
import dev.switchyard.registry.client.RegisteredInstance;

import org.springframework.cloud.client.ServiceInstance;

/**
 * A {@link ServiceInstance} backed by a registry entry, so that balancers can see its
 * status and weight.
 */
public final class RegistryServiceInstance implements ServiceInstance {

	private final RegisteredInstance registered;

	private final URI uri;

	private final int weight;

	/**
	 * Wrap a registry entry.
	 * @param registered the entry
	 */
	public RegistryServiceInstance(RegisteredInstance registered) {
		this.registered = registered;
		this.uri = URI.create("http://" + Hosts.forUri(registered.host()) + ":" + registered.port());
		this.weight = weightOf(registered.metadata());
	}

	@Override
	public String getInstanceId() {
		return this.registered.instanceId();
	}

	@Override
	public String getServiceId() {
		return this.registered.service();
	}

	@Override
	public String getHost() {
		return this.registered.host();
	}

	@Override
	public int getPort() {
		return this.registered.port();
	}

	@Override
	public boolean isSecure() {
		return false;
	}

	@Override
	public URI getUri() {
		return this.uri;
	}

	@Override
	public Map<String, String> getMetadata() {
		return this.registered.metadata();
	}

	/**
	 * Return the registry's status of this instance.
	 * @return {@code UP}, {@code DRAINING} or {@code DOWN}
	 */
	public String getStatus() {
		return this.registered.status();
	}

	/**
	 * Return whether this instance takes new requests.
	 * @return {@code true} when {@code UP}
	 */
	public boolean isUp() {
		return this.registered.isUp();
	}

	/**
	 * Return the metadata {@code weight}, 1 when absent or invalid.
	 * @return the weight, at least 1
	 */
	public int getWeight() {
		return this.weight;
	}

	/**
	 * Return the registry entry.
	 * @return the entry
	 */
	public RegisteredInstance getRegistered() {
		return this.registered;
	}

	/**
	 * Return the weight that {@code weight} metadata gives: 1 when absent or invalid.
	 * @param metadata an instance's metadata, may be {@code null}
	 * @return the weight, at least 1
	 */
	public static int weightOf(Map<String, String> metadata) {
		String value = (metadata != null) ? metadata.get("weight") : null;
		if (value == null) {
			return 1;
		}
		try {
			return Math.max(1, Integer.parseInt(value.trim()));
		}
		catch (NumberFormatException ex) {
			return 1;
		}
	}

	@Override
	public String toString() {
		return this.registered.instanceId() + "@" + this.uri + "[" + this.registered.status() + "]";
	}

}
