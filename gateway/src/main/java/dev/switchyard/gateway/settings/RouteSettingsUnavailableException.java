package dev.switchyard.gateway.settings;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The route settings store could not be written: 503, and nothing changed on any gateway,
 * which all keep the settings they had.
 */
public class RouteSettingsUnavailableException extends ErrorResponseException {

	RouteSettingsUnavailableException(String detail, Throwable cause) {
		super(HttpStatus.SERVICE_UNAVAILABLE, problem(detail), cause);
		getHeaders().set("Retry-After", "1");
	}

	private static ProblemDetail problem(String detail) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail);
	}

}
