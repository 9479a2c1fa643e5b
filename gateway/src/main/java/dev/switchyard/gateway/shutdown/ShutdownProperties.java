package dev.switchyard.gateway.shutdown;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the gateway stops without failing a request.
 *
 * @param drainWindow how long a stopping gateway keeps accepting connections after its
 * readiness has failed, so that a layer-4 balancer's health check (HAProxy checks every
 * 500 ms, two failures take it out) or a Kubernetes endpoint update notices first
 * @param reusePort bind the server with {@code SO_REUSEPORT}, so that a successor process
 * can bind the same port before this one leaves
 */
@Validated
@ConfigurationProperties("gateway.shutdown")
public record ShutdownProperties(@NotNull @DefaultValue("2s") Duration drainWindow,
		@DefaultValue("true") boolean reusePort) {

}
