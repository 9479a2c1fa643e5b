package dev.switchyard.gateway.web;

import java.io.IOException;
import java.net.ConnectException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.netty.channel.AbortedException;
import tools.jackson.databind.json.JsonMapper;

import dev.switchyard.gateway.balancer.PolicyResponse;

import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.ErrorResponse;
import org.springframework.web.reactive.resource.NoResourceFoundException;
import org.springframework.web.server.ServerWebExchange;

/**
 * Renders every error of the gateway as RFC 9457 {@code application/problem+json}: a path
 * nothing serves (404), no instance (503), an instance that cannot be reached or breaks
 * the connection (502), one too slow (504), and anything unexpected (500), never with a
 * stack trace. Ordered before Boot's {@code DefaultErrorWebExceptionHandler}.
 */
public class ProblemDetailErrorWebExceptionHandler implements ErrorWebExceptionHandler, Ordered {

	/** Before Boot's handler, which is ordered at -1. */
	public static final int ORDER = -2;

	private static final Log logger = LogFactory.getLog(ProblemDetailErrorWebExceptionHandler.class);

	private final JsonMapper json;

	/**
	 * Create the handler.
	 * @param json the mapper that writes the problems
	 */
	public ProblemDetailErrorWebExceptionHandler(JsonMapper json) {
		this.json = json;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			return Mono.error(ex);
		}
		ServerHttpRequest request = exchange.getRequest();
		Problem problem = problem(ex, request);
		log(problem, ex, request);
		HttpHeaders headers = response.getHeaders();
		// drop what a failed upstream answer may have left
		Set<String> upstream = exchange.getAttributeOrDefault(ServerWebExchangeUtils.CLIENT_RESPONSE_HEADER_NAMES,
				Collections.emptySet());
		upstream.forEach(headers::remove);
		headers.remove(HttpHeaders.CONTENT_LENGTH);
		headers.remove(HttpHeaders.TRANSFER_ENCODING);
		headers.remove(HttpHeaders.CONTENT_ENCODING);
		headers.addAll(problem.headers());
		headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		response.setStatusCode(problem.status());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", "about:blank");
		body.put("title", title(problem.status()));
		body.put("status", problem.status().value());
		body.put("detail", problem.detail());
		body.put("instance", request.getPath().value());
		body.putAll(problem.properties());
		String failedInstance = upstreamInstance(exchange);
		if (failedInstance != null && problem.status().is5xxServerError()) {
			// which instance failed, so that a client (or a test) can tell a failure of
			// the node it was talking to from one of the gateway
			body.put("upstreamInstance", failedInstance);
		}
		DataBuffer buffer = response.bufferFactory().wrap(this.json.writeValueAsBytes(body));
		return response.writeWith(Mono.just(buffer));
	}

	private Problem problem(Throwable ex, ServerHttpRequest request) {
		if (ex instanceof ErrorResponse error) {
			HttpStatusCode status = error.getStatusCode();
			String detail = error.getBody().getDetail();
			if (status.value() == 404 && (detail == null || ex instanceof NoResourceFoundException)) {
				detail = "Nothing is mapped to " + request.getMethod() + " " + request.getPath().value();
			}
			Map<String, Object> properties = (error.getBody().getProperties() != null) ? error.getBody().getProperties()
					: Map.of();
			return new Problem(status, (detail != null) ? detail : title(status), error.getHeaders(), properties);
		}
		if (has(ex, ConnectException.class)) {
			return new Problem(HttpStatus.BAD_GATEWAY, "Could not connect to the upstream instance");
		}
		if (has(ex, TimeoutException.class)
				|| has(ex, org.springframework.cloud.gateway.support.TimeoutException.class)) {
			return new Problem(HttpStatus.GATEWAY_TIMEOUT, "The upstream instance did not answer in time");
		}
		if (has(ex, DataBufferLimitException.class)) {
			return new Problem(HttpStatus.CONTENT_TOO_LARGE, "The request body is too large");
		}
		if (has(ex, IOException.class) || has(ex, AbortedException.class)) {
			return new Problem(HttpStatus.BAD_GATEWAY, "The upstream connection failed");
		}
		return new Problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error; the gateway's log has the details");
	}

	private void log(Problem problem, Throwable ex, ServerHttpRequest request) {
		String what = request.getMethod() + " " + request.getPath().value() + ": " + problem.status().value() + " "
				+ problem.detail();
		if (problem.status().value() == 500) {
			logger.error(what, ex);
		}
		else if (problem.status().is5xxServerError()) {
			logger.warn(what + ((ex.getCause() != null) ? " (" + ex.getCause() + ")" : ""));
		}
		else if (logger.isDebugEnabled()) {
			logger.debug(what);
		}
	}

	private static String upstreamInstance(ServerWebExchange exchange) {
		Object selected = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR);
		if (selected instanceof PolicyResponse response && response.hasServer()) {
			return response.getServer().getInstanceId();
		}
		return null;
	}

	private static boolean has(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return true;
			}
		}
		return false;
	}

	private static String title(HttpStatusCode status) {
		HttpStatus known = HttpStatus.resolve(status.value());
		return (known != null) ? known.getReasonPhrase() : "Error " + status.value();
	}

	private record Problem(HttpStatusCode status, String detail, HttpHeaders headers, Map<String, Object> properties) {

		Problem(HttpStatusCode status, String detail) {
			this(status, detail, HttpHeaders.EMPTY, Map.of());
		}

	}

}
