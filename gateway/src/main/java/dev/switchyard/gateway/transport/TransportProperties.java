package dev.switchyard.gateway.transport;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The transport of the gateway's server and upstream client ({@code GATEWAY_TRANSPORT}).
 *
 * @param transport {@code nio}, {@code epoll} or {@code io_uring}; unset, epoll (NIO
 * where epoll cannot run), never io_uring
 */
@ConfigurationProperties("gateway")
public record TransportProperties(@Nullable Transport transport) {

	/**
	 * Return the transport asked for, or the default one.
	 * @return the transport the gateway runs on
	 */
	public Transport effectiveTransport() {
		return (this.transport != null) ? this.transport : Transport.defaultTransport();
	}

}
