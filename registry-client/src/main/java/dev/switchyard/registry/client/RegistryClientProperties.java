package dev.switchyard.registry.client;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the registry daemons are and how this application talks to them.
 *
 * @param urls the daemons; the first is the one this application registers with, and
 * discovery merges the instances of all of them; {@code dns+http://name:port} stands for
 * every address of {@code name}
 * @param token the bearer token for writes ({@code REGISTRY_TOKEN})
 * @param registration how this application registers itself
 * @param discovery how this application watches other services
 */
@Validated
@ConfigurationProperties("registry.client")
public record RegistryClientProperties(@NotEmpty @DefaultValue("http://127.0.0.1:7111") List<URI> urls, String token,
		@Valid @NotNull @DefaultValue Registration registration, @Valid @NotNull @DefaultValue Discovery discovery) {

	@Override
	public String toString() {
		// the token is a secret: a logged or printed record must not show it
		return "RegistryClientProperties[urls=" + this.urls + ", token="
				+ ((this.token != null && !this.token.isEmpty()) ? "******" : "") + ", registration="
				+ this.registration + ", discovery=" + this.discovery + "]";
	}

	/**
	 * How this application registers itself.
	 *
	 * @param enabled whether to register at all
	 * @param service the service name, {@code spring.application.name} when empty
	 * @param instanceId the instance id, {@code <hostname>-<port>} when empty
	 * @param host the host to register, detected when empty
	 * @param preferIpAddress register the first non-loopback address instead of 127.0.0.1
	 * when {@code host} is empty (containers)
	 * @param metadata metadata to register, such as {@code weight} or {@code zone}
	 * @param ttl the lease's time to live
	 * @param heartbeatInterval how often the lease is renewed
	 * @param drainDelay how long a draining instance keeps accepting new requests before
	 * the web server's graceful shutdown starts, so that balancers see the drain first
	 * @param retryMaxBackoff the longest wait between two failed registration attempts
	 */
	public record Registration(@DefaultValue("true") boolean enabled, String service, String instanceId, String host,
			@DefaultValue("false") boolean preferIpAddress, @DefaultValue Map<String, String> metadata,
			@NotNull @DefaultValue("10s") Duration ttl, @NotNull @DefaultValue("3s") Duration heartbeatInterval,
			@NotNull @DefaultValue("1s") Duration drainDelay, @NotNull @DefaultValue("5s") Duration retryMaxBackoff) {

	}

	/**
	 * How this application watches other services.
	 *
	 * @param maxWait how long each blocking query may be held by the daemon
	 * @param retryMaxBackoff the longest wait between two failed queries
	 * @param initialTimeout how long a first lookup waits for the first answer
	 * @param resolveInterval how often {@code dns+} daemon URLs are resolved again
	 * @param restartGrace how long the instances a daemon knew are kept after it comes
	 * back from an outage or restart, while the instances register again
	 */
	public record Discovery(@NotNull @DefaultValue("30s") Duration maxWait,
			@NotNull @DefaultValue("2s") Duration retryMaxBackoff, @NotNull @DefaultValue("3s") Duration initialTimeout,
			@NotNull @DefaultValue("10s") Duration resolveInterval,
			@NotNull @DefaultValue("10s") Duration restartGrace) {

	}

}
