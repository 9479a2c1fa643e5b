package dev.switchyard.gateway.transport;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The transport of the gateway's server and upstream client ({@code GATEWAY_TRANSPORT}).
 *
 * @param transport {@code nio}, {@code epoll} or {@code io_uring}
 */
@Validated
@ConfigurationProperties("gateway")
public record TransportProperties(@NotNull @DefaultValue("epoll") Transport transport) {

}
