package dev.switchyard.node.web;

import dev.switchyard.node.identity.NodeIdentity;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.ServletWebRequest;

/**
 * Renders what reaches the servlet container's error page as
 * {@code application/problem+json}, whatever the client accepts, never as HTML or a stack
 * trace; replaces Spring Boot's whitelabel error controller.
 */
@RestController
public class ProblemErrorController implements ErrorController {

	private final ErrorAttributes errorAttributes;

	private final NodeIdentity identity;

	ProblemErrorController(ErrorAttributes errorAttributes, NodeIdentity identity) {
		this.errorAttributes = errorAttributes;
		this.identity = identity;
	}

	@RequestMapping("${server.error.path:${error.path:/error}}")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		Throwable error = this.errorAttributes.getError(new ServletWebRequest(request));
		HttpHeaders headers = new HttpHeaders();
		ProblemDetail problem;
		if (error != null && DataStoreFailures.isUnavailable(error)) {
			problem = DataStoreFailures.problem();
			headers.addAll(DataStoreFailures.headers());
		}
		else {
			problem = ProblemDetail.forStatus(status(request));
		}
		problem.setProperty(ProblemDetailsAdvice.INSTANCE_ID, this.identity.instanceId());
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		if (uri instanceof String path) {
			problem.setInstance(ProblemResponseWriter.instance(path));
		}
		return ResponseEntity.status(problem.getStatus())
			.headers(headers)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

	private static HttpStatus status(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = (code instanceof Integer value) ? HttpStatus.resolve(value) : null;
		return (status != null && status.isError()) ? status : HttpStatus.INTERNAL_SERVER_ERROR;
	}

}
