package dev.switchyard.registry.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Map;

import dev.switchyard.registry.instance.MetadataRules;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * The annotated map must follow the {@link MetadataRules}, one violation per problem;
 * {@code null} is valid.
 */
@Documented
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = ValidMetadata.Validator.class)
public @interface ValidMetadata {

	String message() default "is not valid metadata";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	/**
	 * Validates {@link ValidMetadata}.
	 */
	class Validator implements ConstraintValidator<ValidMetadata, Map<String, String>> {

		@Override
		public boolean isValid(Map<String, String> value, ConstraintValidatorContext context) {
			if (value == null) {
				return true;
			}
			List<String> violations = MetadataRules.validate(value);
			if (violations.isEmpty()) {
				return true;
			}
			context.disableDefaultConstraintViolation();
			// the messages echo user input: keep them out of EL interpolation
			violations.forEach((violation) -> context.buildConstraintViolationWithTemplate(escape(violation))
				.addConstraintViolation());
			return false;
		}

		private static String escape(String message) {
			return message.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
		}

	}

}
