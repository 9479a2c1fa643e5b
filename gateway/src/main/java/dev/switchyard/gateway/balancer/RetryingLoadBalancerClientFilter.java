package dev.switchyard.gateway.balancer;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.channel.AbortedException;

import dev.switchyard.gateway.balancer.policy.ClientAddressResolver;
import dev.switchyard.gateway.balancer.stats.BalancerStatistics;
import dev.switchyard.gateway.balancer.stats.UpstreamCall;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.EmptyResponse;
import org.springframework.cloud.client.loadbalancer.LoadBalancerUriTools;
import org.springframework.cloud.client.loadbalancer.RequestData;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter;
import org.springframework.cloud.gateway.support.DelegatingServiceInstance;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * Balances {@code lb://} routes: chooses an instance with the service's load balancer,
 * forwards, and when the attempt fails chooses again among the instances not tried yet.
 * <p>
 * It replaces Spring Cloud Gateway's {@link ReactiveLoadBalancerClientFilter}, running
 * just before it so that the latter finds an {@code http://} URL and stands aside. The
 * {@code Retry} filter does re-run the load balancer when it repeats the chain, but it
 * does not tell the load balancer which instances already failed, so a random, hashing or
 * least-loaded policy may pick the same dead instance again; and it has one list of
 * methods for every failure, where a connection that could not be made is safe to retry
 * for any method but a 503 only for idempotent ones.
 */
public class RetryingLoadBalancerClientFilter implements GlobalFilter, Ordered {

	/** Just before Spring Cloud Gateway's own load-balancer filter. */
	public static final int ORDER = ReactiveLoadBalancerClientFilter.LOAD_BALANCER_CLIENT_FILTER_ORDER - 1;

	/**
	 * Reactor Netty's message when a pooled connection was closed before the request went
	 * out.
	 */
	private static final String CLOSED_BEFORE_SEND = AbortedException.beforeSend().getMessage();

	private static final Log logger = LogFactory.getLog(RetryingLoadBalancerClientFilter.class);

	private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
			HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.TRACE);

	private final LoadBalancerClientFactory clientFactory;

	private final BalancerStatistics statistics;

	private final RetryProperties properties;

	private final ClientAddressResolver clientAddresses;

	private final BalancerMetrics metrics;

	/**
	 * Create the filter.
	 * @param clientFactory the factory of each service's load balancer
	 * @param statistics the instances' statistics, updated by every attempt
	 * @param properties when to retry
	 * @param clientAddresses finds the client's address for {@code ip-hash}
	 * @param metrics the metrics of attempts and retries
	 */
	public RetryingLoadBalancerClientFilter(LoadBalancerClientFactory clientFactory, BalancerStatistics statistics,
			RetryProperties properties, ClientAddressResolver clientAddresses, BalancerMetrics metrics) {
		this.clientFactory = clientFactory;
		this.statistics = statistics;
		this.properties = properties;
		this.clientAddresses = clientAddresses;
		this.metrics = metrics;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		URI url = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
		String schemePrefix = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_SCHEME_PREFIX_ATTR);
		if (url == null || (!"lb".equals(url.getScheme()) && !"lb".equals(schemePrefix))) {
			return chain.filter(exchange);
		}
		ServerWebExchangeUtils.addOriginalRequestUrl(exchange, url);
		String serviceId = url.getHost();
		ReactorServiceInstanceLoadBalancer balancer = this.clientFactory.getInstance(serviceId,
				ReactorServiceInstanceLoadBalancer.class);
		if (balancer == null) {
			return Mono.error(new NoInstanceAvailableException(serviceId));
		}
		ServerHttpRequest request = exchange.getRequest();
		Attempts attempts = new Attempts(serviceId, url, schemePrefix, IDEMPOTENT.contains(request.getMethod()));
		exchange.getAttributes().put(BalancerAttributes.EXCLUDED_INSTANCES, attempts.excluded);
		InetSocketAddress remote = request.getRemoteAddress();
		InetAddress client = this.clientAddresses.resolve((remote != null) ? remote.getAddress() : null,
				request.getHeaders());
		if (client != null) {
			exchange.getAttributes().put(BalancerAttributes.CLIENT_ADDRESS, client);
		}
		return replayable(exchange, attempts).flatMap((ready) -> choose(ready, balancer).flatMap((response) -> {
			if (!response.hasServer()) {
				return Mono.error(new NoInstanceAvailableException(serviceId));
			}
			return forward(ready, chain, balancer, response, attempts);
		}));
	}

	private Mono<Response<ServiceInstance>> choose(ServerWebExchange exchange,
			ReactorServiceInstanceLoadBalancer balancer) {
		RequestData data = new RequestData(exchange.getRequest(), exchange.getAttributes());
		return balancer.choose(new DefaultRequest<>(new RequestDataContext(data, "default")))
			.defaultIfEmpty(new EmptyResponse());
	}

	private Mono<Void> forward(ServerWebExchange exchange, GatewayFilterChain chain,
			ReactorServiceInstanceLoadBalancer balancer, Response<ServiceInstance> response, Attempts attempts) {
		ServiceInstance instance = response.getServer();
		attempts.tried.add(instance.getInstanceId());
		exchange.getAttributes()
			.put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR, url(exchange, instance, attempts));
		exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR, response);
		UpstreamCall call = this.statistics.begin(instance);
		exchange.getAttributes().put(BalancerAttributes.UPSTREAM_CALL, call);
		String policy = (response instanceof PolicyResponse picked) ? picked.getPolicy() : "unknown";
		return chain.filter(exchange)
			.then(Mono.fromSupplier(() -> Outcome.answered(status(exchange))))
			.onErrorResume((error) -> Mono.just(Outcome.failed(error)))
			.flatMap((outcome) -> {
				this.metrics.attempt(attempts.serviceId, instance.getInstanceId(), policy, outcome.name(),
						call.elapsedNanos());
				return (outcome.error() != null)
						? afterFailure(exchange, chain, balancer, instance, call, outcome.error(), attempts)
						: afterAnswer(exchange, chain, balancer, instance, call, outcome.status(), attempts);
			});
	}

	private Mono<Void> afterAnswer(ServerWebExchange exchange, GatewayFilterChain chain,
			ReactorServiceInstanceLoadBalancer balancer, ServiceInstance instance, UpstreamCall call, int status,
			Attempts attempts) {
		call.responded(status);
		if (attempts.canRetry(this.properties) && attempts.resendable()
				&& this.properties.statuses().contains(status)) {
			// the answer is kept, and sent, if no other instance is left to try
			return retry(exchange, chain, balancer, instance, "status", "answered " + status, attempts, call::close,
					Mono::empty);
		}
		return Mono.empty();
	}

	private Mono<Void> afterFailure(ServerWebExchange exchange, GatewayFilterChain chain,
			ReactorServiceInstanceLoadBalancer balancer, ServiceInstance instance, UpstreamCall call, Throwable error,
			Attempts attempts) {
		call.failed();
		boolean notConnected = isConnectFailure(error);
		boolean broken = !notConnected && isBrokenConnection(error);
		if (attempts.canRetry(this.properties) && (notConnected || (broken && attempts.resendable()))) {
			String reason = (notConnected ? "connect failed: " : "connection broken: ") + message(error);
			return retry(exchange, chain, balancer, instance, notConnected ? "connect" : "broken", reason, attempts,
					call::close, () -> Mono.error(translate(error, notConnected, broken, instance, attempts)));
		}
		return Mono.error(translate(error, notConnected, broken, instance, attempts));
	}

	private Mono<Void> retry(ServerWebExchange exchange, GatewayFilterChain chain,
			ReactorServiceInstanceLoadBalancer balancer, ServiceInstance failed, String kind, String reason,
			Attempts attempts, Runnable discard, Supplier<Mono<Void>> otherwise) {
		attempts.excluded.put(failed.getInstanceId(), reason);
		return choose(exchange, balancer).flatMap((next) -> {
			if (!next.hasServer()) {
				return otherwise.get();
			}
			discard.run();
			attempts.retries++;
			this.metrics.retry(attempts.serviceId, kind);
			exchange.getAttributes().put(BalancerAttributes.RETRIES, attempts.retries);
			if (logger.isDebugEnabled()) {
				logger.debug(
						"Retrying " + exchange.getRequest().getMethod() + " " + exchange.getRequest().getURI() + " on "
								+ next.getServer().getInstanceId() + " after " + failed.getInstanceId() + " " + reason);
			}
			// forget the failed attempt: its connection, answer headers and routed flag
			ServerWebExchangeUtils.reset(exchange);
			return forward(exchange, chain, balancer, next, attempts);
		});
	}

	private Throwable translate(Throwable error, boolean notConnected, boolean broken, ServiceInstance instance,
			Attempts attempts) {
		if (notConnected) {
			return new ResponseStatusException(HttpStatus.BAD_GATEWAY,
					"Could not connect to " + ((attempts.tried.size() > 1) ? "instances " : "instance ")
							+ String.join(", ", attempts.tried) + " of " + attempts.serviceId,
					error);
		}
		if (broken) {
			return new ResponseStatusException(HttpStatus.BAD_GATEWAY, "Instance " + instance.getInstanceId() + " of "
					+ attempts.serviceId + " closed the connection before answering", error);
		}
		Throwable timeout = timeout(error);
		if (timeout != null) {
			// not retried: another wait as long would double the client's
			return new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT, "Instance " + instance.getInstanceId()
					+ " of " + attempts.serviceId + " did not answer in time (" + message(timeout) + ")", error);
		}
		return error;
	}

	private Mono<ServerWebExchange> replayable(ServerWebExchange exchange, Attempts attempts) {
		ServerHttpRequest request = exchange.getRequest();
		HttpHeaders headers = request.getHeaders();
		long length = headers.getContentLength();
		if (length <= 0 && !headers.containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
			attempts.replayableBody = true;
			return Mono.just(exchange);
		}
		long max = this.properties.maxBodySize().toBytes();
		if (!attempts.idempotent || this.properties.maxRetries() == 0 || length < 0 || length > max) {
			// still retried when no connection could be made: the body was not read
			return Mono.just(exchange);
		}
		return DataBufferUtils.join(request.getBody(), (int) max).map((buffer) -> {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			DataBufferUtils.release(buffer);
			return bytes;
		}).defaultIfEmpty(new byte[0]).map((bytes) -> {
			attempts.replayableBody = true;
			return exchange.mutate().request(new CachedBodyRequest(request, bytes)).build();
		});
	}

	private static URI url(ServerWebExchange exchange, ServiceInstance instance, Attempts attempts) {
		String scheme = (attempts.schemePrefix != null) ? attempts.url.getScheme()
				: (instance.isSecure() ? "https" : "http");
		return LoadBalancerUriTools.reconstructURI(new DelegatingServiceInstance(instance, scheme),
				exchange.getRequest().getURI());
	}

	private static int status(ServerWebExchange exchange) {
		HttpStatusCode status = exchange.getResponse().getStatusCode();
		if (status == null || exchange.getAttribute(ServerWebExchangeUtils.CLIENT_RESPONSE_ATTR) == null) {
			return 200;
		}
		return status.value();
	}

	/**
	 * Whether the request never reached the instance: the connection could not be made,
	 * or a pooled connection turned out closed before anything was written to it (the
	 * instance died, or closed it, while it sat in the pool). Such a request may be sent
	 * elsewhere whatever its method.
	 * @param error the attempt's error
	 * @return whether nothing was sent
	 */
	static boolean isConnectFailure(Throwable error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException || cause instanceof NoRouteToHostException
					|| cause instanceof UnknownHostException || cause instanceof UnresolvedAddressException) {
				return true;
			}
			if (cause instanceof AbortedException && CLOSED_BEFORE_SEND.equals(cause.getMessage())) {
				return true;
			}
		}
		return false;
	}

	static boolean isBrokenConnection(Throwable error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			// reactor-netty's PrematureCloseException, a connection reset...
			if (cause instanceof IOException || cause instanceof AbortedException) {
				return true;
			}
		}
		return false;
	}

	static @Nullable Throwable timeout(Throwable error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			// what the routing filter raises when the response timeout passes
			if (cause instanceof org.springframework.cloud.gateway.support.TimeoutException) {
				return cause;
			}
		}
		return null;
	}

	private static String message(Throwable error) {
		String message = error.getMessage();
		return (message != null) ? message : error.getClass().getSimpleName();
	}

	private record Outcome(int status, @Nullable Throwable error) {

		static Outcome answered(int status) {
			return new Outcome(status, null);
		}

		static Outcome failed(Throwable error) {
			return new Outcome(0, error);
		}

		String name() {
			if (this.error == null) {
				return (this.status / 100) + "xx";
			}
			if (isConnectFailure(this.error)) {
				return "connect";
			}
			if (isBrokenConnection(this.error)) {
				return "broken";
			}
			return (timeout(this.error) != null) ? "timeout" : "error";
		}

	}

	private static final class Attempts {

		private final String serviceId;

		private final URI url;

		private final @Nullable String schemePrefix;

		private final boolean idempotent;

		private final Map<String, String> excluded = new LinkedHashMap<>();

		private final List<String> tried = new ArrayList<>();

		private boolean replayableBody;

		private int retries;

		Attempts(String serviceId, URI url, @Nullable String schemePrefix, boolean idempotent) {
			this.serviceId = serviceId;
			this.url = url;
			this.schemePrefix = schemePrefix;
			this.idempotent = idempotent;
		}

		boolean canRetry(RetryProperties properties) {
			return this.retries < properties.maxRetries();
		}

		/**
		 * Whether the request may be sent again after the instance may have received it.
		 */
		boolean resendable() {
			return this.idempotent && this.replayableBody;
		}

	}

	/**
	 * A request whose body was read into memory, so that it can be sent again.
	 */
	private static final class CachedBodyRequest extends ServerHttpRequestDecorator {

		private final byte[] body;

		CachedBodyRequest(ServerHttpRequest delegate, byte[] body) {
			super(delegate);
			this.body = body;
		}

		@Override
		public Flux<DataBuffer> getBody() {
			return Flux.defer(() -> Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(this.body)));
		}

	}

}
