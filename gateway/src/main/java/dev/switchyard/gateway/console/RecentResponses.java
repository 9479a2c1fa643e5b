package dev.switchyard.gateway.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

import reactor.core.publisher.Mono;

import dev.switchyard.gateway.balancer.PolicyResponse;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;

/**
 * The instances that answered the last balanced requests: a window counted in requests
 * rather than in time, so that a share means the same at one request a minute as at a
 * thousand a second. Each answer keeps its latency (until the response's headers), so
 * that the console can chart each instance's median and 99th percentile over the window.
 */
public class RecentResponses implements GlobalFilter, Ordered {

	/**
	 * The answers, each slot written whole: recording takes no lock, as it is done on
	 * every response by every event loop, while a snapshot is taken a few times a minute.
	 */
	private final AtomicReferenceArray<Answer> window;

	/** The answers recorded so far; the next one goes to this count's slot. */
	private final AtomicLong recorded = new AtomicLong();

	/**
	 * Create an empty window.
	 * @param capacity how many requests it holds
	 */
	public RecentResponses(int capacity) {
		this.window = new AtomicReferenceArray<>(capacity);
	}

	@Override
	public int getOrder() {
		return NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER - 2;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		long started = System.nanoTime();
		// once the last retry is known, as for the X-Served-By header
		exchange.getResponse().beforeCommit(() -> {
			Object selected = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR);
			if (selected instanceof PolicyResponse response
					&& exchange.getAttribute(ServerWebExchangeUtils.CLIENT_RESPONSE_ATTR) != null) {
				record(response.getServer().getInstanceId(), System.nanoTime() - started);
			}
			return Mono.empty();
		});
		return chain.filter(exchange);
	}

	/**
	 * Count one answer of unknown latency, forgetting the oldest once the window is full.
	 * @param instanceId the instance that answered
	 */
	public void record(String instanceId) {
		record(instanceId, -1);
	}

	/**
	 * Count one answer, forgetting the oldest once the window is full.
	 * @param instanceId the instance that answered
	 * @param latencyNanos how long it took, or a negative number if unknown
	 */
	public void record(String instanceId, long latencyNanos) {
		long slot = this.recorded.getAndIncrement() % this.window.length();
		this.window.setRelease((int) slot, new Answer(instanceId, latencyNanos));
	}

	/**
	 * Return what the window holds now. Answers recorded while it is taken may or may not
	 * be in it.
	 * @return the answers of each instance among the last requests
	 */
	public Snapshot snapshot() {
		Map<String, Integer> answers = new LinkedHashMap<>();
		Map<String, List<Long>> latencies = new LinkedHashMap<>();
		int size = 0;
		for (int i = 0; i < this.window.length(); i++) {
			Answer answer = this.window.getAcquire(i);
			if (answer == null) {
				continue;
			}
			size++;
			answers.merge(answer.instanceId(), 1, Integer::sum);
			if (answer.nanos() >= 0) {
				latencies.computeIfAbsent(answer.instanceId(), (key) -> new ArrayList<>()).add(answer.nanos());
			}
		}
		Map<String, long[]> sorted = new LinkedHashMap<>();
		latencies.forEach((instanceId, values) -> sorted.put(instanceId,
				values.stream().mapToLong(Long::longValue).sorted().toArray()));
		return new Snapshot(this.window.length(), size, answers, sorted);
	}

	private record Answer(String instanceId, long nanos) {

	}

	/**
	 * The window at one moment.
	 *
	 * @param capacity how many requests the window holds when full
	 * @param requests how many it holds now
	 * @param answers the answers of each instance, by instance id
	 * @param latencies the known latencies of each instance's answers, in nanoseconds,
	 * sorted
	 */
	public record Snapshot(int capacity, int requests, Map<String, Integer> answers, Map<String, long[]> latencies) {

		/**
		 * Return a percentile of one instance's latencies (nearest rank).
		 * @param instanceId the instance
		 * @param percentile the percentile, such as 50 or 99
		 * @return the latency in milliseconds, or 0 when none is known
		 */
		public double latencyMillis(String instanceId, int percentile) {
			long[] values = this.latencies.get(instanceId);
			if (values == null || values.length == 0) {
				return 0;
			}
			int rank = (int) Math.ceil(percentile / 100.0 * values.length);
			return Math.round(values[Math.max(0, rank - 1)] / 10_000.0) / 100.0;
		}

		/**
		 * Return the answers of one instance.
		 * @param instanceId the instance
		 * @return its answers among the last requests
		 */
		public int answers(String instanceId) {
			return this.answers.getOrDefault(instanceId, 0);
		}

	}

}
