package dev.switchyard.web.tomcat;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Renders the errors Tomcat reports itself, before a request reaches the application
 * (such as a rejected encoded slash or malformed URI), as a problem detail instead of
 * Tomcat's HTML page.
 */
public class ProblemDetailErrorReportValve extends ErrorReportValve {

	private final JsonMapper jsonMapper;

	public ProblemDetailErrorReportValve(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean(true);
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		HttpStatus httpStatus = HttpStatus.resolve(status);
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("title", (httpStatus != null) ? httpStatus.getReasonPhrase() : "Error");
		problem.put("status", status);
		String message = response.getMessage();
		// a client error's message helps the client; a server error's could leak
		// internals
		if (status < 500 && message != null && !message.isBlank()) {
			problem.put("detail", message);
		}
		try {
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setCharacterEncoding("UTF-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(this.jsonMapper.writeValueAsString(problem));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the client went away or the response cannot be written: nothing left to do
		}
	}

}
