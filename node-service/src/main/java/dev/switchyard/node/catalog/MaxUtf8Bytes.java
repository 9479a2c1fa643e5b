package dev.switchyard.node.catalog;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * A string whose UTF-8 encoding is at most {@link #value()} bytes long: what it costs in
 * Redis and in every node's memory, which {@code @Size} (counting UTF-16 units) does not
 * bound.
 */
@Documented
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = MaxUtf8BytesValidator.class)
public @interface MaxUtf8Bytes {

	/**
	 * The most bytes.
	 * @return the bound
	 */
	int value();

	/**
	 * The message.
	 * @return the message
	 */
	String message() default "must be at most {value} bytes in UTF-8";

	/**
	 * The groups.
	 * @return the groups
	 */
	Class<?>[] groups() default {};

	/**
	 * The payload.
	 * @return the payload
	 */
	Class<? extends Payload>[] payload() default {};

}
