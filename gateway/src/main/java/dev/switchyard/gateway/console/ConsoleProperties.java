package dev.switchyard.gateway.console;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The cluster console.
 *
 * @param recentRequests how many of the last balanced requests the share of each instance
 * is counted over
 * @param refreshInterval how often {@code /cluster/events} sends the state; at least a
 * second, so that an open page costs the gateway next to nothing
 * @param nodeTimeout how long a chaos passthrough waits for the node's answer
 * @param peerTimeout how long {@code /cluster/tier} waits for the registry and for each
 * other gateway's counters
 */
@Validated
@ConfigurationProperties("gateway.console")
public record ConsoleProperties(@Min(1) @Max(100_000) @DefaultValue("100") int recentRequests,
		@NotNull @DurationMin(seconds = 1) @DefaultValue("1s") Duration refreshInterval,
		@NotNull @DurationMin(millis = 100) @DefaultValue("5s") Duration nodeTimeout,
		@NotNull @DurationMin(millis = 100) @DefaultValue("1s") Duration peerTimeout) {

}
