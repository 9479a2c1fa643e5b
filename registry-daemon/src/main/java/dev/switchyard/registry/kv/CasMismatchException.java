package dev.switchyard.registry.kv;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A write with {@code ?cas=} whose index is not the key's modify index: 409, naming the
 * key's current modify index so that the client can read again and retry.
 */
public class CasMismatchException extends ErrorResponseException {

	CasMismatchException(String key, long expected, long actual) {
		super(HttpStatus.CONFLICT, problem(key, expected, actual), null);
	}

	private static ProblemDetail problem(String key, long expected, long actual) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "cas=" + expected + " but key "
				+ key + " has modifyIndex " + actual + ((actual == 0) ? " (it does not exist)" : ""));
		problem.setProperty("modifyIndex", actual);
		return problem;
	}

}
