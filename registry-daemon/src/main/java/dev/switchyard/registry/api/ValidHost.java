package dev.switchyard.registry.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.switchyard.registry.instance.HostNames;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * The annotated string must be a host name (RFC 1123) or an IP literal, see
 * {@link HostNames}; {@code null} is valid.
 */
@Documented
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = ValidHost.Validator.class)
public @interface ValidHost {

	String message() default "must be a host name (RFC 1123) or an IPv4 or IPv6 literal";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	/**
	 * Validates {@link ValidHost}.
	 */
	class Validator implements ConstraintValidator<ValidHost, String> {

		@Override
		public boolean isValid(String value, ConstraintValidatorContext context) {
			return value == null || HostNames.isValid(value);
		}

	}

}
