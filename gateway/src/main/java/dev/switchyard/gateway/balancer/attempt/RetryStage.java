package dev.switchyard.gateway.balancer.attempt;

import java.util.Set;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import dev.switchyard.gateway.balancer.BalancerAttributes;
import dev.switchyard.gateway.balancer.BalancerMetrics;
import dev.switchyard.gateway.balancer.stats.UpstreamCall;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * Sends a request to the instance picked and, when the attempt fails, to another one not
 * tried yet, as long as the retries and the route's {@link RetryBudget} allow: a
 * connection that could not be made is retried for any method, a broken connection and
 * the retryable statuses only for a request that may be sent twice.
 * <p>
 * A retry the budget refuses leaves the client the original failure. Each attempt is made
 * by the {@link HedgeStage}.
 */
public class RetryStage {

	private static final Log logger = LogFactory.getLog(RetryStage.class);

	private final BalancerMetrics metrics;

	private final RetryBudgets budgets;

	private final HedgeStage hedges;

	private final int maxRetries;

	private final Set<Integer> statuses;

	/**
	 * Create the stage.
	 * @param metrics the metrics of attempts and retries
	 * @param budgets each route's retry budget
	 * @param hedges makes each attempt, hedged where the route says so
	 * @param maxRetries the retries after the first attempt
	 * @param statuses the answers an idempotent request is retried on
	 */
	public RetryStage(BalancerMetrics metrics, RetryBudgets budgets, HedgeStage hedges, int maxRetries,
			Set<Integer> statuses) {
		this.metrics = metrics;
		this.budgets = budgets;
		this.hedges = hedges;
		this.maxRetries = maxRetries;
		this.statuses = Set.copyOf(statuses);
	}

	/**
	 * Return whether retries are on at all.
	 * @return whether a request may be retried
	 */
	public boolean retries() {
		return this.maxRetries > 0;
	}

	/**
	 * Send the request, retrying on other instances as needed.
	 * @param exchange the exchange, its request replayable where it could be made so
	 * @param upstream chooses the instances and forwards to them
	 * @param first the first pick, with an instance
	 * @param attempts the request's attempts
	 * @return the completion of the answer that is sent
	 */
	public Mono<Void> send(ServerWebExchange exchange, Upstream upstream, Response<ServiceInstance> first,
			Attempts attempts) {
		this.budgets.request(attempts);
		return forward(exchange, upstream, first, attempts);
	}

	private Mono<Void> forward(ServerWebExchange exchange, Upstream upstream, Response<ServiceInstance> response,
			Attempts attempts) {
		return this.hedges.attempt(exchange, upstream, response, attempts)
			.flatMap((attempt) -> (attempt.error() != null)
					? afterFailure(exchange, upstream, attempt.instance(), attempt.call(), attempt.error(), attempts)
					: afterAnswer(exchange, upstream, attempt.instance(), attempt.call(), attempt.status(), attempts));
	}

	private Mono<Void> afterAnswer(ServerWebExchange exchange, Upstream upstream, ServiceInstance instance,
			UpstreamCall call, int status, Attempts attempts) {
		call.responded(status);
		if (attempts.retries() < this.maxRetries && attempts.resendable() && this.statuses.contains(status)) {
			// the answer is kept, and sent, if no other instance is left to try
			return retry(exchange, upstream, instance, "status", "answered " + status, attempts, call::close,
					Mono::empty);
		}
		return Mono.empty();
	}

	private Mono<Void> afterFailure(ServerWebExchange exchange, Upstream upstream, ServiceInstance instance,
			UpstreamCall call, Throwable error, Attempts attempts) {
		call.failed();
		boolean notConnected = AttemptFailures.isConnectFailure(error);
		boolean broken = !notConnected && AttemptFailures.isBrokenConnection(error);
		if (attempts.retries() < this.maxRetries && (notConnected || (broken && attempts.resendable()))) {
			String reason = (notConnected ? "connect failed: " : "connection broken: ")
					+ AttemptFailures.message(error);
			return retry(exchange, upstream, instance, notConnected ? "connect" : "broken", reason, attempts,
					call::close, () -> Mono.error(translate(error, notConnected, broken, instance, attempts)));
		}
		return Mono.error(translate(error, notConnected, broken, instance, attempts));
	}

	private Mono<Void> retry(ServerWebExchange exchange, Upstream upstream, ServiceInstance failed, String kind,
			String reason, Attempts attempts, Runnable discard, Supplier<Mono<Void>> otherwise) {
		attempts.excluded().put(failed.getInstanceId(), reason);
		// the budget first: a pick moves a rotation on, and a refused retry must not
		if (!this.budgets.tryRetry(attempts)) {
			this.metrics.budgetExhausted(attempts.serviceId(), attempts.routeId());
			attempts.notes().add("retry after " + failed.getInstanceId() + " " + kind + " refused by the budget");
			return otherwise.get();
		}
		return upstream.choose(exchange).flatMap((next) -> {
			if (!next.hasServer()) {
				this.budgets.refund(attempts);
				return otherwise.get();
			}
			discard.run();
			int retries = attempts.retried();
			this.metrics.retry(attempts.serviceId(), kind);
			attempts.notes()
				.add("retried on " + next.getServer().getInstanceId() + " after " + failed.getInstanceId() + " "
						+ kind);
			exchange.getAttributes().put(BalancerAttributes.RETRIES, retries);
			if (logger.isDebugEnabled()) {
				logger.debug(
						"Retrying " + exchange.getRequest().getMethod() + " " + exchange.getRequest().getURI() + " on "
								+ next.getServer().getInstanceId() + " after " + failed.getInstanceId() + " " + reason);
			}
			// forget the failed attempt: its connection, answer headers and routed flag
			ServerWebExchangeUtils.reset(exchange);
			return forward(exchange, upstream, next, attempts);
		});
	}

	private static Throwable translate(Throwable error, boolean notConnected, boolean broken, ServiceInstance instance,
			Attempts attempts) {
		if (notConnected) {
			return new ResponseStatusException(HttpStatus.BAD_GATEWAY,
					"Could not connect to " + ((attempts.tried().size() > 1) ? "instances " : "instance ")
							+ String.join(", ", attempts.tried()) + " of " + attempts.serviceId(),
					error);
		}
		if (broken) {
			return new ResponseStatusException(HttpStatus.BAD_GATEWAY, "Instance " + instance.getInstanceId() + " of "
					+ attempts.serviceId() + " closed the connection before answering", error);
		}
		Throwable timeout = AttemptFailures.timeout(error);
		if (timeout != null) {
			// not retried: another wait as long would double the client's
			return new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT,
					"Instance " + instance.getInstanceId() + " of " + attempts.serviceId() + " did not answer in time ("
							+ AttemptFailures.message(timeout) + ")",
					error);
		}
		return error;
	}

	/**
	 * Where the attempts go: the service's load balancer and the rest of the filter
	 * chain.
	 */
	public interface Upstream {

		/**
		 * Pick an instance, leaving out those of {@link Attempts#excluded()}.
		 * @param exchange the exchange
		 * @return the pick, or a response without an instance when none is left
		 */
		Mono<Response<ServiceInstance>> choose(ServerWebExchange exchange);

		/**
		 * Send the request to the instance picked.
		 * @param exchange the exchange
		 * @param response the pick
		 * @return the completion of the attempt
		 */
		Mono<Void> forward(ServerWebExchange exchange, Response<ServiceInstance> response);

		/**
		 * Return the policy that made a pick, for the metrics.
		 * @param response the pick
		 * @return the policy's name
		 */
		String policy(Response<ServiceInstance> response);

	}

}
