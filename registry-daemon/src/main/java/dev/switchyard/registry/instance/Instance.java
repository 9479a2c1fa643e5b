package dev.switchyard.registry.instance;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * An immutable view of a registered instance, as the API returns it.
 *
 * @param service the service name
 * @param instanceId the instance id
 * @param host the host name or IP literal the instance listens on
 * @param port the port the instance listens on
 * @param status the effective status
 * @param metadata free-form metadata such as {@code weight}, {@code zone} or
 * {@code version}
 * @param ttlSeconds the lease time to live
 * @param registeredAt when the instance registered
 * @param lastHeartbeat when the lease was last renewed
 */
@JsonPropertyOrder({ "service", "instanceId", "host", "port", "status", "metadata", "ttlSeconds", "registeredAt",
		"lastHeartbeat" })
public record Instance(String service, String instanceId, String host, int port, InstanceStatus status,
		Map<String, String> metadata, int ttlSeconds, Instant registeredAt, Instant lastHeartbeat) {

	public Instance {
		metadata = Collections.unmodifiableSortedMap(new TreeMap<>(metadata));
	}

	/**
	 * Return the key of this instance.
	 * @return the key
	 */
	@JsonIgnore
	public InstanceKey key() {
		return new InstanceKey(this.service, this.instanceId);
	}

	/**
	 * Return {@code host:port}, with an IPv6 literal in brackets, as used in URLs and
	 * Prometheus targets.
	 * @return the authority
	 */
	@JsonIgnore
	public String authority() {
		boolean ipv6 = this.host.indexOf(':') >= 0 && !this.host.startsWith("[");
		return (ipv6 ? "[" + this.host + "]" : this.host) + ":" + this.port;
	}

}
