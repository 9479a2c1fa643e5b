package dev.switchyard.node.web;

import java.io.IOException;
import java.net.URI;

import dev.switchyard.node.identity.InstanceIdHeaderFilter;
import dev.switchyard.node.identity.NodeIdentity;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * Writes a problem straight to the servlet response, for filters that fail before Spring
 * MVC's exception handling is reached.
 */
@Component
public class ProblemResponseWriter {

	private final JsonMapper jsonMapper;

	private final NodeIdentity identity;

	/**
	 * Create the writer.
	 * @param jsonMapper the application's mapper, which knows how to write a problem
	 * @param identity this node's identity
	 */
	public ProblemResponseWriter(JsonMapper jsonMapper, NodeIdentity identity) {
		this.jsonMapper = jsonMapper;
		this.identity = identity;
	}

	/**
	 * Reset the response and write the problem, unless the response is already committed.
	 * @param request the request
	 * @param response the response
	 * @param problem the problem
	 * @param headers extra headers, such as {@code Retry-After}
	 * @return {@code false} if the response was already committed
	 * @throws IOException if the body could not be written
	 */
	public boolean write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem,
			HttpHeaders headers) throws IOException {
		if (response.isCommitted()) {
			return false;
		}
		response.reset();
		String instanceId = this.identity.instanceId();
		problem.setProperty(ProblemDetailsAdvice.INSTANCE_ID, instanceId);
		if (problem.getInstance() == null) {
			problem.setInstance(instance(request.getRequestURI()));
		}
		response.setStatus(problem.getStatus());
		response.setHeader(InstanceIdHeaderFilter.HEADER, instanceId);
		headers.forEach((name, values) -> values.forEach((value) -> response.addHeader(name, value)));
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.jsonMapper.writeValue(response.getOutputStream(), problem);
		return true;
	}

	static @Nullable URI instance(String path) {
		try {
			return URI.create(path);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
