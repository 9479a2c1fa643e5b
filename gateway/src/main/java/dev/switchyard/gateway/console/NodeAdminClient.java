package dev.switchyard.gateway.console;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import io.netty.channel.ChannelOption;
import io.netty.handler.timeout.ReadTimeoutException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import dev.switchyard.gateway.admin.InstanceState;
import dev.switchyard.registry.client.Hosts;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

/**
 * Calls a node's own admin API ({@code /admin/chaos}, which the gateway does not route)
 * with the admin token the gateway and the nodes share. Only instances the balancer knows
 * are called, never an address taken from the request.
 */
public class NodeAdminClient {

	private static final Log logger = LogFactory.getLog(NodeAdminClient.class);

	private final WebClient webClient;

	private final String adminToken;

	private final Duration timeout;

	/**
	 * Create the client.
	 * @param adminToken the admin token the nodes accept
	 * @param timeout how long to wait for a node's answer
	 */
	public NodeAdminClient(String adminToken, Duration timeout) {
		HttpClient http = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(timeout.toMillis(), 1000))
			.responseTimeout(timeout);
		this.webClient = WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
		this.adminToken = adminToken;
		this.timeout = timeout;
	}

	/**
	 * Send a request to a node's admin API and return its answer as it is, but for a
	 * refused token, which is the gateway's fault and not the caller's.
	 * @param instance the node
	 * @param method the method
	 * @param path the path, such as {@code /admin/chaos}
	 * @param json the JSON body, or {@code null}
	 * @return the node's status, content type and body
	 */
	public Mono<ResponseEntity<byte[]>> exchange(InstanceState instance, HttpMethod method, String path, byte[] json) {
		URI uri = Hosts.http(instance.host(), instance.port(), path);
		WebClient.RequestBodySpec request = this.webClient.method(method)
			.uri(uri)
			.headers((headers) -> headers.setBearerAuth(this.adminToken))
			.accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON);
		if (json != null) {
			request.contentType(MediaType.APPLICATION_JSON).bodyValue(json);
		}
		String target = instance.instanceId() + " at " + instance.host() + ":" + instance.port();
		return request.exchangeToMono((response) -> response.toEntity(byte[].class))
			.timeout(this.timeout.plusSeconds(1))
			.map((answer) -> {
				if (answer.getStatusCode().value() == 401) {
					throw problem(HttpStatus.BAD_GATEWAY, target
							+ " refused the gateway's admin token: the gateway and the nodes must share ADMIN_TOKEN");
				}
				HttpHeaders headers = new HttpHeaders();
				if (answer.getHeaders().getContentType() != null) {
					headers.setContentType(answer.getHeaders().getContentType());
				}
				// a node's own rate limit: the caller should wait as the node says
				String retryAfter = answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER);
				if (retryAfter != null) {
					headers.set(HttpHeaders.RETRY_AFTER, retryAfter);
				}
				return new ResponseEntity<>(answer.getBody(), headers, answer.getStatusCode());
			})
			.onErrorMap(WebClientRequestException.class, (ex) -> {
				if (ex.getCause() instanceof ReadTimeoutException) {
					return problem(HttpStatus.GATEWAY_TIMEOUT, target + " did not answer in time");
				}
				logger.warn("Could not reach " + target + ": " + ex.getMessage());
				return problem(HttpStatus.BAD_GATEWAY, "Could not reach " + target);
			})
			.onErrorMap(TimeoutException.class,
					(ex) -> problem(HttpStatus.GATEWAY_TIMEOUT, target + " did not answer in time"));
	}

	private static ErrorResponseException problem(HttpStatus status, String detail) {
		return new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), null);
	}

}
