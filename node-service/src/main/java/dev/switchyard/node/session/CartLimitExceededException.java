package dev.switchyard.node.session;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Thrown when adding to a cart would make it larger than {@link CartProperties} allows.
 */
public class CartLimitExceededException extends ErrorResponseException {

	CartLimitExceededException(String detail) {
		super(HttpStatus.BAD_REQUEST, problem(detail), null);
	}

	private static ProblemDetail problem(String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
		problem.setTitle("Cart limit exceeded");
		return problem;
	}

}
