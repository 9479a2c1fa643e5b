package dev.switchyard.node.jobs;

/**
 * Where a job is in its life.
 */
public enum JobState {

	/**
	 * Working on the node that took it.
	 */
	RUNNING,

	/**
	 * Done, all of it.
	 */
	COMPLETED,

	/**
	 * Stopped before the end: cancelled, or its node shut down.
	 */
	CANCELLED,

	/**
	 * Reported running, but its node has not updated it for longer than
	 * {@code node.jobs.lost-after}: the node died with the job.
	 */
	LOST

}
