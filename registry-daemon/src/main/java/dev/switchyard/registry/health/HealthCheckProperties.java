package dev.switchyard.registry.health;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Active health checks of registered instances.
 *
 * @param enabled Whether instances are checked at all
 * @param interval Time between two checks of an instance
 * @param timeout How long a check may take, connecting included
 * @param fall Consecutive failed checks that mark an instance down (a refused connection
 * marks it down at once)
 * @param rise Consecutive passed checks that bring a down instance back
 * @param path Path requested when the instance's metadata has no {@code healthPath}
 */
@Validated
@ConfigurationProperties("registry.health")
public record HealthCheckProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue("500ms") @DurationMin(millis = 50) @DurationMax(minutes = 10) Duration interval,
		@DefaultValue("1s") @DurationMin(millis = 10) @DurationMax(minutes = 1) Duration timeout,
		@DefaultValue("2") @Min(1) @Max(100) int fall, @DefaultValue("1") @Min(1) @Max(100) int rise,
		@DefaultValue("/actuator/health") @Pattern(regexp = "/\\S*") String path) {

}
