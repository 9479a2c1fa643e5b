package dev.switchyard.registry.api;

import dev.switchyard.registry.instance.InstanceStatus;
import jakarta.validation.constraints.NotNull;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of a status change.
 *
 * @param status the status the instance's owner asks for
 */
@Schema(example = "{\"status\":\"DRAINING\"}")
public record StatusChangeRequest(@NotNull(message = "is required, one of UP, DRAINING, DOWN") InstanceStatus status) {

}
