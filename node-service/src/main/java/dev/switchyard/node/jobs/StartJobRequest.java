package dev.switchyard.node.jobs;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of {@code POST /api/jobs}.
 *
 * @param durationMs how long the job works, 1 ms to 10 minutes
 */
@Schema(example = "{\"durationMs\":5000}")
public record StartJobRequest(@NotNull @Min(1) @Max(StartJobRequest.MAX_DURATION_MS) Long durationMs) {

	/**
	 * The longest job, in milliseconds.
	 */
	public static final long MAX_DURATION_MS = 600_000;

}
