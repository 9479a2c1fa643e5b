package dev.switchyard.node.catalog;

import java.time.Duration;
import java.util.regex.Pattern;

import dev.switchyard.node.web.DataStoreFailures;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The catalog's rules for keys and versions, and the problems that break them.
 */
final class CatalogProblems {

	/**
	 * What a key may be: the characters of an instance id, as few as one and as many as
	 * 128. No slash or backslash, so a key cannot name a path.
	 */
	static final Pattern KEY = Pattern.compile("[A-Za-z0-9._-]{1,128}");

	private CatalogProblems() {
	}

	/**
	 * Check a key.
	 * @param key the key
	 * @return the key
	 * @throws ErrorResponseException a 400 if the key is not valid
	 */
	static String checkKey(String key) {
		// "." and ".." cannot be addressed in a URL: clients remove them as dot-segments.
		if (!KEY.matcher(key).matches() || key.equals(".") || key.equals("..")) {
			throw problem(HttpStatus.BAD_REQUEST, "Invalid catalog key",
					"A key is 1 to 128 letters, digits, '.', '_' or '-', and not '.' or '..'.");
		}
		return key;
	}

	/**
	 * Check a requested minimum version.
	 * @param minVersion the version, if any
	 * @return the version, 0 if none was given
	 * @throws ErrorResponseException a 400 if it is negative
	 */
	static long checkMinVersion(@Nullable Long minVersion) {
		if (minVersion == null) {
			return 0;
		}
		if (minVersion < 0) {
			throw problem(HttpStatus.BAD_REQUEST, "Invalid minimum version",
					"minVersion must be 0 or more, was " + minVersion + ".");
		}
		return minVersion;
	}

	static ErrorResponseException notFound(String key) {
		return problem(HttpStatus.NOT_FOUND, "No such catalog entry", "The catalog has no key '" + key + "'.");
	}

	static ErrorResponseException notLoaded() {
		return unavailable("Catalog not loaded",
				"This node has not caught up with the catalog log since it started; another node can answer.");
	}

	static ErrorResponseException versionNotReached(long minVersion, long version, Duration waited) {
		ErrorResponseException ex = unavailable("Catalog version not reached", "This node is at version " + version
				+ " and did not reach version " + minVersion + " within " + waited.toMillis() + " ms.");
		ex.getBody().setProperty("version", version);
		ex.getBody().setProperty("minVersion", minVersion);
		return ex;
	}

	private static ErrorResponseException unavailable(String title, String detail) {
		ErrorResponseException ex = problem(HttpStatus.SERVICE_UNAVAILABLE, title, detail);
		ex.getHeaders().set(HttpHeaders.RETRY_AFTER, DataStoreFailures.RETRY_AFTER_SECONDS);
		return ex;
	}

	private static ErrorResponseException problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return new ErrorResponseException(status, problem, null);
	}

}
