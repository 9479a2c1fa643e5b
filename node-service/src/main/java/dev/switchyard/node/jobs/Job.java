package dev.switchyard.node.jobs;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A job as Redis records it.
 *
 * @param id the job's id
 * @param owner the instance that runs it
 * @param state its state as last recorded
 * @param progress how much is done, in percent
 * @param durationMs how long it works in all
 * @param createdAt when it started
 * @param updatedAt when its owner last recorded it
 * @param finishedAt when it finished, if it has
 * @param cancelRequested whether someone asked to cancel it
 */
record Job(String id, String owner, JobState state, int progress, long durationMs, Instant createdAt, Instant updatedAt,
		@Nullable Instant finishedAt, boolean cancelRequested) {

}
