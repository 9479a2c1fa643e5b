package dev.switchyard.registry.instance;

import java.util.List;

/**
 * Thrown when metadata, or the result of merging a change into it, breaks the
 * {@link MetadataRules}.
 */
public class InvalidMetadataException extends IllegalArgumentException {

	private final List<String> violations;

	public InvalidMetadataException(List<String> violations) {
		super("Invalid metadata: " + String.join("; ", violations));
		this.violations = List.copyOf(violations);
	}

	/**
	 * Return what is wrong, one message per problem.
	 * @return the violations
	 */
	public List<String> getViolations() {
		return this.violations;
	}

}
