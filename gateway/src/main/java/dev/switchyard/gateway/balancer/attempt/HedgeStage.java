package dev.switchyard.gateway.balancer.attempt;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;

import dev.switchyard.gateway.balancer.BalancerAttributes;
import dev.switchyard.gateway.balancer.BalancerMetrics;
import dev.switchyard.gateway.balancer.stats.BalancerStatistics;
import dev.switchyard.gateway.balancer.stats.UpstreamCall;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebExchangeDecorator;

/**
 * Makes one attempt and, for an idempotent request on a route with a {@code hedge}, a
 * second one on another instance when the first has not answered after the hedge delay
 * (Envoy's hedged requests): the first good answer wins, and the other attempt is
 * cancelled, its connection closed. A hedge counts against the route's retry budget.
 * <p>
 * Each of the two attempts runs on its own copy of the exchange, with its own attributes
 * and response headers, as the routing filter writes both; the winner's are copied into
 * the exchange.
 */
public class HedgeStage {

	private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

	/** The latencies a percentile needs before a route is hedged on it. */
	static final int MIN_SAMPLES = 20;

	private final BalancerStatistics statistics;

	private final BalancerMetrics metrics;

	private final RetryBudgets budgets;

	private final AttemptSettings settings;

	private final Duration window;

	private final LongSupplier nanoClock;

	/** One per route of the configuration or the admin API: a bounded set. */
	private final Map<String, LatencyWindow> latencies = new ConcurrentHashMap<>();

	/**
	 * Create the stage.
	 * @param statistics the instances' statistics, updated by every attempt
	 * @param metrics the metrics of attempts and hedges
	 * @param budgets the retry budgets hedges count against
	 * @param settings each route's hedge
	 * @param window how far back a route's latencies count for its percentile
	 * @param nanoClock the clock
	 */
	public HedgeStage(BalancerStatistics statistics, BalancerMetrics metrics, RetryBudgets budgets,
			AttemptSettings settings, Duration window, LongSupplier nanoClock) {
		this.statistics = statistics;
		this.metrics = metrics;
		this.budgets = budgets;
		this.settings = settings;
		this.window = window;
		this.nanoClock = nanoClock;
	}

	/**
	 * Make the attempt, hedged when the request and the route allow.
	 * @param exchange the exchange
	 * @param upstream chooses the instances and forwards to them
	 * @param response the pick
	 * @param attempts the request's attempts
	 * @return the attempt whose answer, or failure, is the request's
	 */
	Mono<Attempt> attempt(ServerWebExchange exchange, RetryStage.Upstream upstream, Response<ServiceInstance> response,
			Attempts attempts) {
		HedgeDelay hedge = SAFE.contains(exchange.getRequest().getMethod()) ? this.settings.hedge(attempts.routeId())
				: null;
		long delay = (hedge != null) ? hedge.nanos(latencies(attempts), MIN_SAMPLES) : -1;
		if (delay < 0) {
			return single(exchange, upstream, response, attempts, hedge != null);
		}
		Fork primary = new Fork(exchange);
		Sinks.One<Boolean> primaryDone = Sinks.one();
		Mono<Attempt> first = single(primary, upstream, response, attempts, true)
			.doFinally((signal) -> primaryDone.tryEmitValue(true));
		Mono<Attempt> second = Mono.delay(Duration.ofNanos(delay))
			.takeUntilOther(primaryDone.asMono())
			.flatMap((tick) -> hedge(exchange, upstream, response.getServer(), attempts, hedge));
		return Flux.merge(first, second).takeUntil(Attempt::good).collectList().map((done) -> {
			Attempt winner = done.stream().filter(Attempt::good).findFirst().orElse(done.get(0));
			done.stream().filter((attempt) -> attempt != winner).forEach(Attempt::discard);
			if (done.size() > 1 || winner.exchange() != primary) {
				this.metrics.hedge(attempts.serviceId(), (winner.exchange() == primary) ? "first" : "hedge");
				if (winner.exchange() != primary) {
					attempts.notes().add("hedge on " + winner.instance().getInstanceId() + " answered first");
				}
			}
			((Fork) winner.exchange()).copyInto(exchange);
			return winner;
		});
	}

	private Mono<Attempt> hedge(ServerWebExchange exchange, RetryStage.Upstream upstream, ServiceInstance first,
			Attempts attempts, HedgeDelay hedge) {
		if (!this.budgets.tryRetry(attempts)) {
			this.metrics.budgetExhausted(attempts.serviceId(), attempts.routeId());
			attempts.notes().add("hedge after " + hedge + " refused by the budget");
			return Mono.empty();
		}
		Fork fork = new Fork(exchange);
		attempts.excluded().put(first.getInstanceId(), "hedged after " + hedge);
		return upstream.choose(fork).flatMap((next) -> {
			if (!next.hasServer()) {
				this.budgets.refund(attempts);
				return Mono.empty();
			}
			this.metrics.hedge(attempts.serviceId(), "sent");
			attempts.notes()
				.add("hedged on " + next.getServer().getInstanceId() + " after " + first.getInstanceId() + " took "
						+ hedge);
			return single(fork, upstream, next, attempts, true);
		});
	}

	/**
	 * Make one attempt; {@code measured} when the route hedges on its latencies, so that
	 * a route without a hedge costs nothing more per request.
	 */
	private Mono<Attempt> single(ServerWebExchange exchange, RetryStage.Upstream upstream,
			Response<ServiceInstance> response, Attempts attempts, boolean measured) {
		ServiceInstance instance = response.getServer();
		attempts.tried().add(instance.getInstanceId());
		UpstreamCall call = this.statistics.begin(instance);
		exchange.getAttributes().put(BalancerAttributes.UPSTREAM_CALL, call);
		return upstream.forward(exchange, response)
			.then(Mono.fromSupplier(() -> new Attempt(exchange, instance, call, status(exchange), null)))
			.onErrorResume((error) -> Mono.just(new Attempt(exchange, instance, call, 0, error)))
			.doOnCancel(call::close)
			.doOnNext((attempt) -> {
				long nanos = call.elapsedNanos();
				if (measured && attempt.error() == null) {
					latencies(attempts).record(nanos);
				}
				this.metrics.attempt(attempts.serviceId(), instance.getInstanceId(), upstream.policy(response),
						attempt.outcome(), nanos);
			});
	}

	private LatencyWindow latencies(Attempts attempts) {
		String key = (attempts.routeId() != null) ? attempts.routeId() : "";
		return this.latencies.computeIfAbsent(key, (k) -> new LatencyWindow(this.window, this.nanoClock));
	}

	private static int status(ServerWebExchange exchange) {
		HttpStatusCode status = exchange.getResponse().getStatusCode();
		if (status == null || exchange.getAttribute(ServerWebExchangeUtils.CLIENT_RESPONSE_ATTR) == null) {
			return 200;
		}
		return status.value();
	}

	/**
	 * One attempt's outcome: an answer's status, or the failure.
	 *
	 * @param exchange the exchange the attempt ran on
	 * @param instance the instance tried
	 * @param call the call, in flight until the answer's body is sent
	 * @param status the answer's status, 0 after a failure
	 * @param error the failure, {@code null} after an answer
	 */
	record Attempt(ServerWebExchange exchange, ServiceInstance instance, UpstreamCall call, int status,
			@Nullable Throwable error) {

		boolean good() {
			return this.error == null && this.status < 500;
		}

		String outcome() {
			return (this.error == null) ? (this.status / 100) + "xx" : AttemptFailures.name(this.error);
		}

		/** Drop a losing attempt: its answer is not read, its connection is closed. */
		void discard() {
			if (this.error == null) {
				this.call.responded(this.status);
			}
			else {
				this.call.failed();
			}
			Connection connection = this.exchange.getAttribute(ServerWebExchangeUtils.CLIENT_RESPONSE_CONN_ATTR);
			if (connection != null) {
				connection.dispose();
			}
			this.call.close();
		}

	}

	/**
	 * A copy of the exchange for one of two attempts in flight at once: its own
	 * attributes and response status and headers, the same request.
	 */
	private static final class Fork extends ServerWebExchangeDecorator {

		private final Map<String, Object> attributes;

		private final ForkResponse response;

		Fork(ServerWebExchange exchange) {
			super(exchange);
			this.attributes = new ConcurrentHashMap<>(exchange.getAttributes());
			this.response = new ForkResponse(exchange.getResponse());
		}

		@Override
		public Map<String, Object> getAttributes() {
			return this.attributes;
		}

		@Override
		public ServerHttpResponse getResponse() {
			return this.response;
		}

		void copyInto(ServerWebExchange exchange) {
			exchange.getAttributes().putAll(this.attributes);
			if (this.response.status != null) {
				exchange.getResponse().setStatusCode(this.response.status);
			}
			exchange.getResponse().getHeaders().addAll(this.response.headers);
		}

	}

	private static final class ForkResponse extends ServerHttpResponseDecorator {

		private final HttpHeaders headers = new HttpHeaders();

		private @Nullable HttpStatusCode status;

		ForkResponse(ServerHttpResponse delegate) {
			super(delegate);
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.headers;
		}

		@Override
		public boolean setStatusCode(@Nullable HttpStatusCode status) {
			this.status = status;
			return true;
		}

		@Override
		public @Nullable HttpStatusCode getStatusCode() {
			return this.status;
		}

	}

}
