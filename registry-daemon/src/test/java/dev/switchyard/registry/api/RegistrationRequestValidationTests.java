package dev.switchyard.registry.api;

import java.util.Map;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RegistrationRequestValidationTests {

	private static final ValidatorFactory factory = Validation.buildDefaultValidatorFactory();

	private final Validator validator = factory.getValidator();

	@AfterAll
	static void close() {
		factory.close();
	}

	@Test
	void shouldAcceptCompleteRequest() {
		RegistrationRequest request = new RegistrationRequest("node-1.local", 8080, Map.of("weight", "2"), 30);

		Set<ConstraintViolation<RegistrationRequest>> violations = this.validator.validate(request);

		assertThat(violations).isEmpty();
	}

	@Test
	void shouldAcceptRequestWithoutOptionalFields() {
		RegistrationRequest request = new RegistrationRequest("::1", 1, null, null);

		Set<ConstraintViolation<RegistrationRequest>> violations = this.validator.validate(request);

		assertThat(violations).isEmpty();
	}

	@Test
	void shouldNameEveryInvalidField() {
		RegistrationRequest request = new RegistrationRequest("bad host", 65536, Map.of("weight", "0"), 3601);

		Set<ConstraintViolation<RegistrationRequest>> violations = this.validator.validate(request);

		assertThat(violations).extracting((violation) -> violation.getPropertyPath().toString())
			.containsExactlyInAnyOrder("host", "port", "metadata", "ttlSeconds");
	}

	@Test
	void shouldRequireHostAndPort() {
		RegistrationRequest request = new RegistrationRequest(null, null, null, null);

		Set<ConstraintViolation<RegistrationRequest>> violations = this.validator.validate(request);

		assertThat(violations).extracting((violation) -> violation.getPropertyPath().toString())
			.containsExactlyInAnyOrder("host", "port");
	}

	@Test
	void shouldReportEachMetadataProblemWithoutInterpolatingIt() {
		RegistrationRequest request = new RegistrationRequest("localhost", 80,
				Map.of("weight", "${1+1}", "bad key{}", "x"), null);

		Set<ConstraintViolation<RegistrationRequest>> violations = this.validator.validate(request);

		assertThat(violations).extracting(ConstraintViolation::getMessage)
			.containsExactlyInAnyOrder("'weight' must be an integer between 1 and 1000, got '${1+1}'",
					"key 'bad key{}' must match [A-Za-z0-9._-]{1,64}");
	}

}
