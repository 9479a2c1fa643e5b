package dev.switchyard.node.work;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Bounds on the stateless work one request may ask for.
 *
 * @param maxCpu the most CPU time a request may burn
 * @param maxIo the longest a request may wait
 */
@Validated
@ConfigurationProperties("node.work")
public record WorkProperties(@NotNull @DefaultValue("10s") Duration maxCpu,
		@NotNull @DefaultValue("10s") Duration maxIo) {

}
