package dev.switchyard.node.web;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Recognises a data store (Redis: sessions, the catalog log, jobs) that cannot be reached
 * or does not answer in time, and describes it as a 503 that the caller may retry.
 */
public final class DataStoreFailures {

	/**
	 * Seconds a client should wait before retrying, sent as {@code Retry-After}.
	 */
	public static final String RETRY_AFTER_SECONDS = "1";

	private static final int MAX_CAUSE_DEPTH = 16;

	private DataStoreFailures() {
	}

	/**
	 * Return whether the throwable, or one of its causes, says that the data store is
	 * unavailable: a connection failure, a timeout or an uncategorised client error such
	 * as commands rejected while disconnected.
	 * @param ex the throwable
	 * @return {@code true} if the store is unavailable
	 */
	public static boolean isUnavailable(Throwable ex) {
		Throwable candidate = ex;
		for (int depth = 0; candidate != null && depth < MAX_CAUSE_DEPTH; depth++) {
			if (candidate instanceof DataAccessResourceFailureException
					|| candidate instanceof TransientDataAccessException || candidate instanceof RedisSystemException) {
				return true;
			}
			candidate = candidate.getCause();
		}
		return false;
	}

	/**
	 * Create the problem that describes an unavailable store.
	 * @return a 503 problem
	 */
	public static ProblemDetail problem() {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The data store (Redis) is unavailable; stateless calls and catalog reads still work. Try again shortly.");
		problem.setTitle("Data store unavailable");
		return problem;
	}

	/**
	 * Create the headers that go with {@link #problem()}.
	 * @return the headers, with {@code Retry-After}
	 */
	public static HttpHeaders headers() {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
		return headers;
	}

}
