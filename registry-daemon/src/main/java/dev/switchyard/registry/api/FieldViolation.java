package dev.switchyard.registry.api;

import java.util.List;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * One problem with a request, listed under {@code errors} in a 400 problem detail.
 *
 * @param field the body field, path variable or parameter at fault, as the client names
 * it
 * @param message what is wrong with it
 */
public record FieldViolation(String field, String message) {

	/**
	 * Create a 400 problem detail that names every violation in its {@code detail} and
	 * lists them under {@code errors}.
	 * @param violations the violations, at least one
	 * @return the problem detail
	 */
	static ProblemDetail problem(List<FieldViolation> violations) {
		String detail = violations.stream()
			.map((violation) -> violation.field() + ": " + violation.message())
			.collect(Collectors.joining("; ", "Invalid request: ", ""));
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
		problem.setProperty("errors", violations);
		return problem;
	}

}
