package dev.switchyard.registry.client;

/**
 * Thrown when the registry daemon cannot be reached or answers with an error.
 */
public class RegistryClientException extends RuntimeException {

	private final int status;

	/**
	 * Create an exception for an error answer.
	 * @param message the message
	 * @param status the HTTP status, or 0 when no answer came
	 * @param cause the cause, if any
	 */
	public RegistryClientException(String message, int status, Throwable cause) {
		super(message, cause);
		this.status = status;
	}

	/**
	 * Return the HTTP status of the registry's answer.
	 * @return the status, or 0 when the registry could not be reached
	 */
	public int getStatus() {
		return this.status;
	}

	/**
	 * Return whether the registry answered that the instance is unknown.
	 * @return {@code true} for a 404 answer
	 */
	public boolean isNotFound() {
		return this.status == 404;
	}

	/**
	 * Return whether the registry refused a {@code cas} write because the key changed.
	 * @return {@code true} for a 409 answer
	 */
	public boolean isConflict() {
		return this.status == 409;
	}

}
