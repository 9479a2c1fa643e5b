package dev.switchyard.node.local;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.stereotype.Component;

/**
 * Counters in this node's memory, one per session, bounded: the least recently used
 * session's counter is dropped when the bound is reached, so memory cannot grow with the
 * number of sessions ever seen.
 */
@Component
public class LocalCounters implements MeterBinder {

	private final ReentrantLock lock = new ReentrantLock();

	private final Map<String, Long> counts;

	/**
	 * Create the counters.
	 * @param properties the bound
	 */
	public LocalCounters(LocalCounterProperties properties) {
		int maxSessions = properties.maxSessions();
		this.counts = new LinkedHashMap<>(16, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
				return size() > maxSessions;
			}

		};
	}

	/**
	 * Add one to a session's counter.
	 * @param sessionId the session
	 * @return the new count
	 */
	public long increment(String sessionId) {
		this.lock.lock();
		try {
			return this.counts.merge(sessionId, 1L, Long::sum);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return a session's counter.
	 * @param sessionId the session
	 * @return the count, 0 if this node has none for the session
	 */
	public long get(String sessionId) {
		this.lock.lock();
		try {
			return this.counts.getOrDefault(sessionId, 0L);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return how many sessions have a counter.
	 * @return the number of counters
	 */
	public int size() {
		this.lock.lock();
		try {
			return this.counts.size();
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("node.local.sessions", this, LocalCounters::size)
			.description("Sessions whose counter this node holds in its memory")
			.register(registry);
	}

}
