package dev.switchyard.node.web;

import java.util.List;
import java.util.Objects;

import dev.switchyard.node.identity.NodeIdentity;
import dev.switchyard.web.bodylimit.PayloadTooLargeException;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every exception a controller throws into {@code application/problem+json} that
 * names this instance; an unavailable data store (Redis) becomes a 503 with
 * {@code Retry-After}.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	/**
	 * The problem property that names the instance.
	 */
	public static final String INSTANCE_ID = "instanceId";

	private final NodeIdentity identity;

	ProblemDetailsAdvice(NodeIdentity identity) {
		this.identity = identity;
	}

	@ExceptionHandler(Exception.class)
	@Nullable ResponseEntity<Object> handleUnexpected(Exception ex, WebRequest request) {
		if (DataStoreFailures.isUnavailable(ex)) {
			this.logger.debug("Data store unavailable", ex);
			return handleExceptionInternal(ex, DataStoreFailures.problem(), DataStoreFailures.headers(),
					HttpStatus.SERVICE_UNAVAILABLE, request);
		}
		this.logger.error("Unexpected failure handling " + describe(request), ex);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				"The request failed unexpectedly.");
		return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
	}

	/**
	 * Names each invalid field of a request body, as {@code errors:[{field, message}]}.
	 */
	@Override
	protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldProblem> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> new FieldProblem(error.getField(), Objects.toString(error.getDefaultMessage(), "invalid")))
			.toList();
		ex.getBody().setProperty("errors", errors);
		return handleExceptionInternal(ex, null, headers, status, request);
	}

	/**
	 * A body that exceeded {@code node.limits.max-body-size} while it was read (a chunked
	 * one) is a 413, not a 400.
	 */
	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		PayloadTooLargeException tooLarge = PayloadTooLargeException.causedBy(ex);
		if (tooLarge != null) {
			return handleExceptionInternal(tooLarge, tooLarge.getBody(), headers, tooLarge.getStatusCode(), request);
		}
		return super.handleHttpMessageNotReadable(ex, headers, status, request);
	}

	@Override
	protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		if (body instanceof ProblemDetail problem) {
			problem.setProperty(INSTANCE_ID, this.identity.instanceId());
			if (problem.getInstance() == null && request instanceof ServletWebRequest servletRequest) {
				problem.setInstance(ProblemResponseWriter.instance(servletRequest.getRequest().getRequestURI()));
			}
		}
		return super.createResponseEntity(body, headers, statusCode, request);
	}

	/**
	 * One invalid field of a request body.
	 *
	 * @param field the field
	 * @param message what is wrong with it
	 */
	public record FieldProblem(String field, String message) {

	}

	private static String describe(WebRequest request) {
		return (request instanceof ServletWebRequest servletRequest)
				? servletRequest.getRequest().getMethod() + " " + servletRequest.getRequest().getRequestURI()
				: request.getDescription(false);
	}

}
