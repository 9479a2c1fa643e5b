package dev.switchyard.node.catalog;

import java.nio.charset.StandardCharsets;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/**
 * Checks {@link MaxUtf8Bytes}.
 */
public class MaxUtf8BytesValidator implements ConstraintValidator<MaxUtf8Bytes, String> {

	private int max;

	@Override
	public void initialize(MaxUtf8Bytes annotation) {
		this.max = annotation.value();
	}

	@Override
	public boolean isValid(String value, ConstraintValidatorContext context) {
		if (value == null) {
			return true;
		}
		// Every char takes at least one byte: a longer string is too long without
		// encoding it.
		return value.length() <= this.max && value.getBytes(StandardCharsets.UTF_8).length <= this.max;
	}

}
