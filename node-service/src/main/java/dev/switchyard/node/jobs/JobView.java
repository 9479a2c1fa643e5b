package dev.switchyard.node.jobs;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * A job as any node answers it.
 *
 * @param id the job's id
 * @param instanceId the instance that answered
 * @param owner the instance that runs (or ran) the job
 * @param state {@code RUNNING}, {@code COMPLETED}, {@code CANCELLED} or {@code LOST}
 * @param progress how much is done, in percent
 * @param durationMs how long it works in all
 * @param createdAt when it started
 * @param updatedAt when its owner last recorded it
 * @param finishedAt when it finished; absent while it runs
 * @param cancelRequested whether someone asked to cancel it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobView(String id, String instanceId, String owner, JobState state, int progress, long durationMs,
		Instant createdAt, Instant updatedAt, @Nullable Instant finishedAt, boolean cancelRequested) {

}
