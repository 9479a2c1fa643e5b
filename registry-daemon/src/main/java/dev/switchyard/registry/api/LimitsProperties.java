package dev.switchyard.registry.api;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on what a request may ask of the registry.
 *
 * @param maxBodySize Largest request body accepted; larger ones get 413
 * @param defaultWait How long a blocking query waits when it names no {@code wait}
 * @param maxWait Longest a blocking query may wait; longer {@code wait} values are capped
 */
@Validated
@ConfigurationProperties("registry.limits")
public record LimitsProperties(@DefaultValue("64KB") DataSize maxBodySize,
		@DefaultValue("5m") @DurationMin(seconds = 1) Duration defaultWait,
		@DefaultValue("10m") @DurationMin(seconds = 1) @DurationMax(hours = 1) Duration maxWait) {

	public LimitsProperties {
		if (maxBodySize.toBytes() < 1) {
			throw new IllegalArgumentException("registry.limits.max-body-size must be positive");
		}
	}

}
