package dev.switchyard.registry.client;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * An instance as the registry daemon describes it.
 *
 * @param service the service name
 * @param instanceId the instance id, unique within the service
 * @param host the host or IP literal the instance listens on
 * @param port the port the instance listens on
 * @param status {@code UP}, {@code DRAINING} or {@code DOWN}
 * @param metadata free-form metadata such as {@code weight} or {@code zone}
 * @param ttlSeconds the lease's time to live
 * @param registeredAt when the instance registered
 * @param lastHeartbeat when the lease was last renewed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RegisteredInstance(String service, String instanceId, String host, int port, String status,
		Map<String, String> metadata, long ttlSeconds, Instant registeredAt, Instant lastHeartbeat) {

	/** Status of an instance that takes new requests. */
	public static final String UP = "UP";

	/** Status of an instance that finishes its work but takes no new requests. */
	public static final String DRAINING = "DRAINING";

	/** Status of an instance that failed its health check. */
	public static final String DOWN = "DOWN";

	public RegisteredInstance {
		metadata = (metadata != null) ? Map.copyOf(metadata) : Map.of();
	}

	/**
	 * Return whether the instance takes new requests.
	 * @return {@code true} if the status is {@code UP}
	 */
	public boolean isUp() {
		return UP.equals(this.status);
	}

}
