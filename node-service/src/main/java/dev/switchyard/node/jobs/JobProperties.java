package dev.switchyard.node.jobs;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How jobs run and where their state and control messages go.
 *
 * @param keyPrefix the prefix of each job's Redis hash
 * @param controlChannel the Redis pub/sub channel that carries cancellations to the node
 * that runs the job
 * @param slice how long a job works between two checks for cancellation and two progress
 * updates
 * @param retention how long a finished job's state is kept
 * @param lostAfter how long a running job's owner may stay silent before the job is
 * reported {@code LOST} (its node died without finishing it)
 * @param maxRunning the most jobs one node runs at once
 */
@Validated
@ConfigurationProperties("node.jobs")
public record JobProperties(@NotBlank @DefaultValue("switchyard:jobs:") String keyPrefix,
		@NotBlank @DefaultValue("switchyard:jobs:control") String controlChannel,
		@NotNull @DurationMin(millis = 10) @DurationMax(seconds = 10) @DefaultValue("250ms") Duration slice,
		@NotNull @DurationMin(seconds = 1) @DefaultValue("1h") Duration retention,
		@NotNull @DurationMin(seconds = 1) @DefaultValue("10s") Duration lostAfter,
		@Min(1) @DefaultValue("1000") int maxRunning) {

}
