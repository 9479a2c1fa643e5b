package dev.switchyard.registry.lease;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Leases of registered instances.
 *
 * @param defaultTtl Time to live of a lease when a registration does not name one
 * @param reapInterval How often expired leases are looked for and removed
 */
@Validated
@ConfigurationProperties("registry.lease")
public record LeaseProperties(
		@DefaultValue("10s") @DurationMin(seconds = 1) @DurationMax(hours = 1) Duration defaultTtl,
		@DefaultValue("500ms") @DurationMin(millis = 10) @DurationMax(minutes = 1) Duration reapInterval) {

}
