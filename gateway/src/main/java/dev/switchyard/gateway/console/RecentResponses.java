package dev.switchyard.gateway.console;

import java.util.LinkedHashMap;
import java.util.Map;

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
 * thousand a second.
 */
public class RecentResponses implements GlobalFilter, Ordered {

	private final String[] window;

	private int next;

	private int size;

	/**
	 * Create an empty window.
	 * @param capacity how many requests it holds
	 */
	public RecentResponses(int capacity) {
		this.window = new String[capacity];
	}

	@Override
	public int getOrder() {
		return NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER - 2;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		// once the last retry is known, as for the X-Served-By header
		exchange.getResponse().beforeCommit(() -> {
			Object selected = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR);
			if (selected instanceof PolicyResponse response
					&& exchange.getAttribute(ServerWebExchangeUtils.CLIENT_RESPONSE_ATTR) != null) {
				record(response.getServer().getInstanceId());
			}
			return Mono.empty();
		});
		return chain.filter(exchange);
	}

	/**
	 * Count one answer, forgetting the oldest once the window is full.
	 * @param instanceId the instance that answered
	 */
	public synchronized void record(String instanceId) {
		this.window[this.next] = instanceId;
		this.next = (this.next + 1) % this.window.length;
		this.size = Math.min(this.size + 1, this.window.length);
	}

	/**
	 * Return what the window holds now.
	 * @return the answers of each instance among the last requests
	 */
	public synchronized Snapshot snapshot() {
		Map<String, Integer> answers = new LinkedHashMap<>();
		for (int i = 0; i < this.size; i++) {
			answers.merge(this.window[i], 1, Integer::sum);
		}
		return new Snapshot(this.window.length, this.size, answers);
	}

	/**
	 * The window at one moment.
	 *
	 * @param capacity how many requests the window holds when full
	 * @param requests how many it holds now
	 * @param answers the answers of each instance, by instance id
	 */
	public record Snapshot(int capacity, int requests, Map<String, Integer> answers) {

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
