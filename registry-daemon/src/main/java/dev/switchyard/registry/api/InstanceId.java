package dev.switchyard.registry.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.switchyard.registry.instance.InstanceKey;
import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * The annotated string must be an instance id, see
 * {@link InstanceKey#INSTANCE_ID_PATTERN}.
 */
@Documented
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = {})
@ReportAsSingleViolation
@NotNull
@Pattern(regexp = InstanceKey.INSTANCE_ID_PATTERN)
public @interface InstanceId {

	String message() default "must be 1 to 128 letters, digits, '.', '_' or '-'";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
