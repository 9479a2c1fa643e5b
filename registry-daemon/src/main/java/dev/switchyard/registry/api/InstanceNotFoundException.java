package dev.switchyard.registry.api;

import dev.switchyard.registry.instance.InstanceKey;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Thrown when a write names an instance that is not registered, rendered as a 404 so that
 * its owner registers again.
 */
public class InstanceNotFoundException extends ErrorResponseException {

	InstanceNotFoundException(InstanceKey key) {
		super(HttpStatus.NOT_FOUND, problem(key), null);
	}

	private static ProblemDetail problem(InstanceKey key) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "Instance '" + key.instanceId()
				+ "' of service '" + key.service() + "' is not registered (or its lease expired)");
		problem.setProperty("service", key.service());
		problem.setProperty("instanceId", key.instanceId());
		return problem;
	}

}
