package dev.switchyard.node.jobs;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import dev.switchyard.node.identity.NodeIdentity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs this node's jobs, each on a virtual thread of its own that works in slices and
 * stops at the first interruption: from the control channel, from the cancellation flag
 * it reads between slices (for a message it missed while disconnected), or from the
 * node's shutdown.
 */
@Component
public class JobRunner implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(JobRunner.class);

	private static final int FINISH_ATTEMPTS = 5;

	private static final Duration FIRST_FINISH_RETRY = Duration.ofMillis(100);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

	private final JobStore store;

	private final NodeIdentity identity;

	private final JobProperties properties;

	private final Map<String, Thread> running = new ConcurrentHashMap<>();

	private final Semaphore permits;

	private final Counter completed;

	private final Counter cancelled;

	private volatile boolean accepting;

	JobRunner(JobStore store, NodeIdentity identity, JobProperties properties, MeterRegistry meterRegistry) {
		this.store = store;
		this.identity = identity;
		this.properties = properties;
		this.permits = new Semaphore(properties.maxRunning());
		Gauge.builder("node.jobs.running", this.running, Map::size)
			.description("Jobs running on this node")
			.register(meterRegistry);
		this.completed = finished(meterRegistry, JobState.COMPLETED);
		this.cancelled = finished(meterRegistry, JobState.CANCELLED);
	}

	private static Counter finished(MeterRegistry meterRegistry, JobState state) {
		return Counter.builder("node.jobs.finished")
			.description("Jobs this node has finished, by how they ended")
			.tag("state", state.name())
			.register(meterRegistry);
	}

	/**
	 * Record a job and start it on this node.
	 * @param durationMs how long it works
	 * @return the job as recorded
	 * @throws org.springframework.web.ErrorResponseException a 503 when this node runs as
	 * many jobs as it may, or is shutting down
	 */
	Job start(long durationMs) {
		if (!this.accepting || !this.permits.tryAcquire()) {
			throw JobProblems.busy(this.properties.maxRunning());
		}
		try {
			Job job = this.store.create(UUID.randomUUID().toString(), this.identity.instanceId(), durationMs);
			Thread thread = Thread.ofVirtual().name("job-" + job.id()).unstarted(() -> run(job));
			this.running.put(job.id(), thread);
			thread.start();
			return job;
		}
		catch (RuntimeException ex) {
			this.permits.release();
			throw ex;
		}
	}

	/**
	 * Interrupt a job if it runs on this node; a job of another node is none of this
	 * node's business.
	 * @param id the job's id
	 * @return {@code true} if the job runs here
	 */
	boolean interrupt(String id) {
		Thread thread = this.running.get(id);
		if (thread == null) {
			return false;
		}
		thread.interrupt();
		return true;
	}

	private void run(Job job) {
		long durationNanos = TimeUnit.MILLISECONDS.toNanos(job.durationMs());
		long start = System.nanoTime();
		JobState outcome = JobState.COMPLETED;
		int progress = 0;
		try {
			long elapsed = 0;
			while (elapsed < durationNanos) {
				long slice = Math.min(this.properties.slice().toNanos(), durationNanos - elapsed);
				// The job's work: waiting, as on I/O; a virtual thread unmounts
				// meanwhile.
				Thread.sleep(Duration.ofNanos(slice));
				elapsed = System.nanoTime() - start;
				progress = (int) Math.min(100, elapsed * 100 / durationNanos);
				if (elapsed < durationNanos && shouldStop(job.id(), progress)) {
					outcome = JobState.CANCELLED;
					break;
				}
			}
		}
		catch (InterruptedException ex) {
			outcome = JobState.CANCELLED;
		}
		finally {
			// Whatever interrupted the job must not also fail recording its end.
			Thread.interrupted();
			this.running.remove(job.id());
			this.permits.release();
			finish(job, outcome, (outcome == JobState.COMPLETED) ? 100 : progress);
		}
	}

	private boolean shouldStop(String id, int progress) throws InterruptedException {
		try {
			return this.store.progress(id, progress);
		}
		catch (RuntimeException ex) {
			if (Thread.currentThread().isInterrupted()) {
				throw new InterruptedException("Interrupted while recording progress");
			}
			// Redis is away: go on working, the end will be recorded when it is back.
			logger.debug("Could not record the progress of job " + id, ex);
			return false;
		}
	}

	private void finish(Job job, JobState outcome, int progress) {
		((outcome == JobState.COMPLETED) ? this.completed : this.cancelled).increment();
		Duration backoff = FIRST_FINISH_RETRY;
		for (int attempt = 1; attempt <= FINISH_ATTEMPTS; attempt++) {
			try {
				this.store.finish(job.id(), outcome, progress);
				logger.debug("Job " + job.id() + " " + outcome + " at " + progress + "%");
				return;
			}
			catch (RuntimeException ex) {
				if (attempt == FINISH_ATTEMPTS) {
					logger.warn("Could not record that job " + job.id() + " is " + outcome
							+ "; it will be reported LOST: " + ex.getMessage());
					return;
				}
				try {
					Thread.sleep(backoff);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return;
				}
				backoff = backoff.multipliedBy(2);
			}
		}
	}

	@Override
	public void start() {
		this.accepting = true;
	}

	/**
	 * Cancels the jobs still running once the web server has stopped taking requests, and
	 * waits for their end to be recorded.
	 */
	@Override
	public void stop() {
		this.accepting = false;
		Map<String, Thread> left = Map.copyOf(this.running);
		if (!left.isEmpty()) {
			logger.info("Cancelling " + left.size() + " running job(s) on shutdown");
		}
		left.values().forEach(Thread::interrupt);
		long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
		for (Thread thread : left.values()) {
			try {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0 || !thread.join(Duration.ofNanos(remaining))) {
					logger.warn("Jobs did not stop within " + STOP_TIMEOUT);
					return;
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.accepting;
	}

	/**
	 * Stops after the web server, so that no request starts a job meanwhile.
	 */
	@Override
	public int getPhase() {
		return WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE - 1;
	}

}
