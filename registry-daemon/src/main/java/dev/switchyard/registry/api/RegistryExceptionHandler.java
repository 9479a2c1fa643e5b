package dev.switchyard.registry.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import dev.switchyard.registry.instance.InvalidMetadataException;
import dev.switchyard.web.bodylimit.PayloadTooLargeException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;

import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Renders every error of the API as an RFC 9457 problem detail; a 400 names the fields at
 * fault in its {@code detail} and lists them under {@code errors}.
 */
@RestControllerAdvice
public class RegistryExceptionHandler extends ResponseEntityExceptionHandler {

	@ExceptionHandler
	ResponseEntity<Object> handleInvalidMetadata(InvalidMetadataException ex, WebRequest request) {
		List<FieldViolation> violations = ex.getViolations()
			.stream()
			.map((message) -> new FieldViolation("metadata", message))
			.toList();
		return handleExceptionInternal(ex, FieldViolation.problem(violations), new HttpHeaders(),
				HttpStatus.BAD_REQUEST, request);
	}

	@ExceptionHandler
	ResponseEntity<Object> handleUnexpected(Exception ex, WebRequest request) {
		this.logger.error("Unexpected error handling " + request.getDescription(false), ex);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				"The registry failed to handle this request; see its log");
		return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldViolation> violations = new ArrayList<>();
		ex.getBindingResult()
			.getFieldErrors()
			.forEach((error) -> violations.add(new FieldViolation(error.getField(), error.getDefaultMessage())));
		ex.getBindingResult()
			.getGlobalErrors()
			.forEach((error) -> violations.add(new FieldViolation(error.getObjectName(), error.getDefaultMessage())));
		return handleExceptionInternal(ex, FieldViolation.problem(sorted(violations)), headers, status, request);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldViolation> violations = new ArrayList<>();
		for (ParameterValidationResult result : ex.getParameterValidationResults()) {
			if (result instanceof ParameterErrors errors) {
				for (FieldError error : errors.getFieldErrors()) {
					violations.add(new FieldViolation(error.getField(), error.getDefaultMessage()));
				}
			}
			else {
				String name = parameterName(result);
				for (MessageSourceResolvable error : result.getResolvableErrors()) {
					violations.add(new FieldViolation(name, error.getDefaultMessage()));
				}
			}
		}
		return handleExceptionInternal(ex, FieldViolation.problem(sorted(violations)), headers, HttpStatus.BAD_REQUEST,
				request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		PayloadTooLargeException payloadTooLarge = PayloadTooLargeException.causedBy(ex);
		if (payloadTooLarge != null) {
			return handleExceptionInternal(payloadTooLarge, payloadTooLarge.getBody(), headers,
					payloadTooLarge.getStatusCode(), request);
		}
		JacksonException jackson = findCause(ex, JacksonException.class);
		ProblemDetail problem;
		if (jackson != null && !jackson.getPath().isEmpty()) {
			problem = FieldViolation.problem(List.of(new FieldViolation(path(jackson), describeMismatch(jackson))));
		}
		else if (jackson instanceof MismatchedInputException mismatch) {
			problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
					"The request body must be " + expected(mismatch.getTargetType()));
		}
		else if (jackson instanceof StreamReadException) {
			problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
					"The request body is not valid JSON: " + jackson.getOriginalMessage());
		}
		else if (ex.getMessage() != null && ex.getMessage().startsWith("Required request body is missing")) {
			problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The request body is missing");
		}
		else {
			problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The request body could not be read");
		}
		return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	private static List<FieldViolation> sorted(List<FieldViolation> violations) {
		violations.sort((a, b) -> a.field().compareTo(b.field()));
		return violations;
	}

	private static String parameterName(ParameterValidationResult result) {
		PathVariable pathVariable = result.getMethodParameter().getParameterAnnotation(PathVariable.class);
		if (pathVariable != null && !pathVariable.name().isEmpty()) {
			return pathVariable.name();
		}
		RequestParam requestParam = result.getMethodParameter().getParameterAnnotation(RequestParam.class);
		if (requestParam != null && !requestParam.name().isEmpty()) {
			return requestParam.name();
		}
		String name = result.getMethodParameter().getParameterName();
		return (name != null) ? name : "parameter " + result.getMethodParameter().getParameterIndex();
	}

	private static String path(JacksonException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				path.append((path.isEmpty()) ? "" : ".").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

	private static String describeMismatch(JacksonException ex) {
		if (ex instanceof InputCoercionException) {
			return "is out of range";
		}
		if (ex instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
			return "must be " + expected(mismatch.getTargetType());
		}
		return "has an invalid value (" + ex.getOriginalMessage() + ")";
	}

	private static String expected(Class<?> type) {
		if (type == null) {
			return "a JSON object";
		}
		if (type.isEnum()) {
			return "one of "
					+ Arrays.stream(type.getEnumConstants()).map(Object::toString).collect(Collectors.joining(", "));
		}
		if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
			return "an integer";
		}
		if (type == String.class) {
			return "a string";
		}
		return "a JSON object";
	}

	private static <T extends Throwable> T findCause(Throwable ex, Class<T> type) {
		for (Throwable candidate = ex; candidate != null; candidate = candidate.getCause()) {
			if (type.isInstance(candidate)) {
				return type.cast(candidate);
			}
			if (candidate.getCause() == candidate) {
				break;
			}
		}
		return null;
	}

}
