package dev.switchyard.node.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Jobs' state in Redis, one hash per job with a time to live, so that every node can
 * answer for any job. Each change is one script, so that a job whose hash has expired is
 * never brought back half-written.
 */
@Component
class JobStore {

	private static final RedisScript<Long> CREATE = RedisScript.of("""
			redis.call('HSET', KEYS[1], 'id', ARGV[2], 'owner', ARGV[3], 'state', 'RUNNING', 'progress', '0',
			  'durationMs', ARGV[4], 'createdAt', ARGV[5], 'updatedAt', ARGV[5], 'cancelRequested', '0')
			redis.call('PEXPIRE', KEYS[1], ARGV[1])
			return 1
			""", Long.class);

	private static final RedisScript<String> PROGRESS = RedisScript.of("""
			if redis.call('EXISTS', KEYS[1]) == 0 then
			  return 'gone'
			end
			redis.call('HSET', KEYS[1], 'progress', ARGV[1], 'updatedAt', ARGV[2])
			return redis.call('HGET', KEYS[1], 'cancelRequested')
			""", String.class);

	private static final RedisScript<Long> FINISH = RedisScript.of(
			"""
					if redis.call('EXISTS', KEYS[1]) == 0 then
					  return 0
					end
					redis.call('HSET', KEYS[1], 'state', ARGV[2], 'progress', ARGV[3], 'updatedAt', ARGV[4], 'finishedAt', ARGV[4])
					redis.call('PEXPIRE', KEYS[1], ARGV[1])
					return 1
					""",
			Long.class);

	private static final RedisScript<String> CANCEL = RedisScript.of("""
			local state = redis.call('HGET', KEYS[1], 'state')
			if not state then
			  return nil
			end
			if state == 'RUNNING' then
			  redis.call('HSET', KEYS[1], 'cancelRequested', '1')
			  redis.call('PUBLISH', ARGV[1], ARGV[2])
			end
			return state
			""", String.class);

	private final StringRedisTemplate redis;

	private final JobProperties properties;

	private final Clock clock;

	JobStore(StringRedisTemplate redis, JobProperties properties) {
		this.redis = redis;
		this.properties = properties;
		this.clock = Clock.systemUTC();
	}

	/**
	 * Record a new running job, kept until it should have finished plus the retention.
	 * @param id the job's id
	 * @param owner the instance that runs it
	 * @param durationMs how long it works
	 * @return the job as recorded
	 */
	Job create(String id, String owner, long durationMs) {
		// Milliseconds, as stored: the job reads the same here as from Redis later.
		Instant now = Instant.ofEpochMilli(this.clock.millis());
		long ttl = durationMs + this.properties.retention().toMillis();
		this.redis.execute(CREATE, List.of(key(id)), String.valueOf(ttl), id, owner, String.valueOf(durationMs),
				String.valueOf(now.toEpochMilli()));
		return new Job(id, owner, JobState.RUNNING, 0, durationMs, now, now, null, false);
	}

	/**
	 * Record a running job's progress.
	 * @param id the job's id
	 * @param progress the progress in percent
	 * @return {@code true} if the job should stop: it was cancelled, or its record is
	 * gone
	 */
	boolean progress(String id, int progress) {
		String answer = this.redis.execute(PROGRESS, List.of(key(id)), String.valueOf(progress),
				String.valueOf(this.clock.millis()));
		return !"0".equals(answer);
	}

	/**
	 * Record how a job ended; its record then lives for the retention.
	 * @param id the job's id
	 * @param state {@code COMPLETED} or {@code CANCELLED}
	 * @param progress the progress reached
	 */
	void finish(String id, JobState state, int progress) {
		this.redis.execute(FINISH, List.of(key(id)), String.valueOf(this.properties.retention().toMillis()),
				state.name(), String.valueOf(progress), String.valueOf(this.clock.millis()));
	}

	/**
	 * Ask for a job to be cancelled: flag it, for an owner that checks between slices,
	 * and tell its owner at once on the control channel.
	 * @param id the job's id
	 * @return the job's state when asked, empty if there is no such job
	 */
	Optional<JobState> requestCancel(String id) {
		String state = this.redis.execute(CANCEL, List.of(key(id)), this.properties.controlChannel(), id);
		return Optional.ofNullable(state).map(JobState::valueOf);
	}

	/**
	 * Read a job, reporting a running job whose owner has been silent too long as
	 * {@code LOST}.
	 * @param id the job's id
	 * @return the job, empty if there is no such job
	 */
	Optional<Job> find(String id) {
		Map<Object, Object> fields = this.redis.opsForHash().entries(key(id));
		if (fields.isEmpty()) {
			return Optional.empty();
		}
		JobState state = JobState.valueOf(text(fields, "state"));
		Instant updatedAt = instant(fields, "updatedAt");
		if (state == JobState.RUNNING
				&& Duration.between(updatedAt, this.clock.instant()).compareTo(this.properties.lostAfter()) > 0) {
			state = JobState.LOST;
		}
		return Optional
			.of(new Job(text(fields, "id"), text(fields, "owner"), state, Integer.parseInt(text(fields, "progress")),
					Long.parseLong(text(fields, "durationMs")), instant(fields, "createdAt"), updatedAt,
					fields.containsKey("finishedAt") ? instant(fields, "finishedAt") : null,
					"1".equals(fields.get("cancelRequested"))));
	}

	private String key(String id) {
		return this.properties.keyPrefix() + id;
	}

	private static String text(Map<Object, Object> fields, String name) {
		Object value = fields.get(name);
		if (value == null) {
			throw new IllegalStateException("Job record has no " + name);
		}
		return value.toString();
	}

	private static Instant instant(Map<Object, Object> fields, String name) {
		return Instant.ofEpochMilli(Long.parseLong(text(fields, name)));
	}

}
