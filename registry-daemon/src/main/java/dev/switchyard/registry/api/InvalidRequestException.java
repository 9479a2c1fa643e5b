package dev.switchyard.registry.api;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * Thrown for a request parameter the controllers check themselves, rendered as a 400.
 */
public class InvalidRequestException extends ErrorResponseException {

	InvalidRequestException(String field, String message) {
		super(HttpStatus.BAD_REQUEST, FieldViolation.problem(List.of(new FieldViolation(field, message))), null);
	}

}
