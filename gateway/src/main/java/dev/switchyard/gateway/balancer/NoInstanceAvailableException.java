package dev.switchyard.gateway.balancer;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * Thrown when a service has no instance that may take a request: a 503.
 */
public class NoInstanceAvailableException extends ResponseStatusException {

	/**
	 * Create the exception.
	 * @param serviceId the service
	 */
	public NoInstanceAvailableException(String serviceId) {
		super(HttpStatus.SERVICE_UNAVAILABLE, "No instance of " + serviceId + " is available");
	}

}
