package dev.switchyard.node.jobs;

import dev.switchyard.node.web.DataStoreFailures;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The problems the jobs API answers with.
 */
final class JobProblems {

	private JobProblems() {
	}

	static ErrorResponseException notFound(String id) {
		return problem(HttpStatus.NOT_FOUND, "No such job", "There is no job '" + id + "'.");
	}

	static ErrorResponseException alreadyCompleted(String id) {
		return problem(HttpStatus.CONFLICT, "Job already completed",
				"Job '" + id + "' has completed; there is nothing left to cancel.");
	}

	static ErrorResponseException busy(int maxRunning) {
		ErrorResponseException ex = problem(HttpStatus.SERVICE_UNAVAILABLE, "Node busy",
				"This node runs as many jobs as it may (" + maxRunning + "), or is shutting down.");
		ex.getHeaders().set(HttpHeaders.RETRY_AFTER, DataStoreFailures.RETRY_AFTER_SECONDS);
		return ex;
	}

	private static ErrorResponseException problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return new ErrorResponseException(status, problem, null);
	}

}
