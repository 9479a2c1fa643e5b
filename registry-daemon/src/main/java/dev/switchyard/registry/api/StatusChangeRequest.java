package dev.switchyard.registry.api;

import dev.switchyard.registry.instance.InstanceStatus;
import jakarta.validation.constraints.NotNull;

/**
 * The body of a status change.
 *
 * @param status the status the instance's owner asks for
 */
public record StatusChangeRequest(@NotNull(message = "is required, one of UP, DRAINING, DOWN") InstanceStatus status) {

}
