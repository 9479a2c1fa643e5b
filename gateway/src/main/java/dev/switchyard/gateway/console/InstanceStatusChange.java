package dev.switchyard.gateway.console;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * The body of {@code PUT /admin/instances/{instanceId}/status}: {@code DRAINING} to drain
 * an instance, {@code UP} to put it back; {@code DOWN} is the registry's health check's
 * to decide.
 *
 * @param status the new status
 */
public record InstanceStatusChange(@NotNull(message = "is required, one of UP, DRAINING") @Pattern(
		regexp = "UP|DRAINING", message = "must be UP or DRAINING") String status) {

}
