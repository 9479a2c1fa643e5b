package dev.switchyard.gateway.limits;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import dev.switchyard.gateway.balancer.policy.ClientAddressResolver;
import dev.switchyard.web.ratelimit.AddressRateLimiter;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Limits per client address what a client can make the cluster grow or burn: catalog
 * writes (each one in every node's memory and in the log) and the CPU {@code /api/work}
 * burns. The paths are matched as the nodes' handlers match them, with
 * {@link PathPattern}s over the decoded path within the application, so that no spelling
 * of a path escapes its limit. A request beyond a limit is refused with 429 and
 * {@code Retry-After} before any instance is picked.
 */
public class ClientLimitFilter implements GlobalFilter, Ordered {

	/**
	 * Before the balancer picks an instance.
	 */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

	private static final PathPatternParser PARSER = PathPatternParser.defaultInstance;

	private static final PathPattern CATALOG = PARSER.parse("/api/catalog/**");

	private static final PathPattern WORK = PARSER.parse("/api/work");

	private static final Set<HttpMethod> WRITES = Set.of(HttpMethod.PUT, HttpMethod.POST, HttpMethod.PATCH,
			HttpMethod.DELETE);

	private final ClientAddressResolver clients;

	private final AddressRateLimiter catalogWrites;

	private final AddressRateLimiter workCpu;

	private final Counter catalogRefused;

	private final Counter workRefused;

	private final ClientLimitsProperties properties;

	/**
	 * Create the filter.
	 * @param properties the limits
	 * @param clients how to tell the client's address
	 * @param meterRegistry where to count the refused requests
	 */
	public ClientLimitFilter(ClientLimitsProperties properties, ClientAddressResolver clients,
			MeterRegistry meterRegistry) {
		this(properties, clients, new AddressRateLimiter(properties.catalogWriteLimits()),
				new AddressRateLimiter(properties.workCpuLimits()), meterRegistry);
	}

	ClientLimitFilter(ClientLimitsProperties properties, ClientAddressResolver clients,
			AddressRateLimiter catalogWrites, AddressRateLimiter workCpu, MeterRegistry meterRegistry) {
		this.properties = properties;
		this.clients = clients;
		this.catalogWrites = catalogWrites;
		this.workCpu = workCpu;
		this.catalogRefused = refused(meterRegistry, "catalog-writes");
		this.workRefused = refused(meterRegistry, "work-cpu");
	}

	private static Counter refused(MeterRegistry registry, String limit) {
		return Counter.builder("gateway.client.limited")
			.description("Requests refused with 429 because their client exceeded a limit")
			.tag("limit", limit)
			.register(registry);
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		PathContainer path = request.getPath().pathWithinApplication();
		if (WRITES.contains(request.getMethod()) && CATALOG.matches(path)) {
			Optional<Duration> wait = this.catalogWrites.tryAcquire(client(request));
			if (wait.isPresent()) {
				this.catalogRefused.increment();
				return Mono.error(tooMany(wait.get(),
						"Catalog writes from this address exceed " + this.properties.catalogWrites().perSecond()
								+ " a second (bursts of " + this.properties.catalogWrites().burst() + ")."));
			}
		}
		else if (HttpMethod.GET.equals(request.getMethod()) && WORK.matches(path)) {
			long cpuMs = cpuMs(request.getQueryParams().getFirst("cpuMs"));
			if (cpuMs > 0) {
				Optional<Duration> wait = this.workCpu.tryAcquire(client(request), cpuMs);
				if (wait.isPresent()) {
					this.workRefused.increment();
					return Mono.error(tooMany(wait.get(),
							"CPU asked of /api/work from this address exceeds "
									+ this.properties.workCpu().msPerSecond() + " ms a second (bursts of "
									+ this.properties.workCpu().burstMs() + " ms)."));
				}
			}
		}
		return chain.filter(exchange);
	}

	private String client(ServerHttpRequest request) {
		InetSocketAddress remote = request.getRemoteAddress();
		InetAddress peer = (remote != null) ? remote.getAddress() : null;
		InetAddress client = this.clients.resolve(peer, request.getHeaders());
		return (client != null) ? client.getHostAddress() : "unknown";
	}

	/**
	 * The CPU a request asks for; what the node would refuse as invalid costs nothing
	 * here, the node answers it 400.
	 */
	static long cpuMs(String value) {
		if (value == null) {
			return 0;
		}
		try {
			return Math.max(0, Long.parseLong(value.trim()));
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	private static ErrorResponseException tooMany(Duration wait, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, detail);
		ErrorResponseException ex = new ErrorResponseException(HttpStatus.TOO_MANY_REQUESTS, problem, null);
		ex.getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(wait.toSeconds()));
		return ex;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
