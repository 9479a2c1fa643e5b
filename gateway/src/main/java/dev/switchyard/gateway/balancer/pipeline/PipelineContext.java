package dev.switchyard.gateway.balancer.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.switchyard.gateway.balancer.RoutePolicy;
import dev.switchyard.gateway.balancer.policy.BalancingRequest;

import org.springframework.cloud.client.ServiceInstance;

/**
 * What the stages of one pick share: the request, its route's settings, every instance of
 * the service, and the record of the instances left out and why, for
 * {@code X-LB-Decision}.
 */
public final class PipelineContext {

	private final BalancingRequest request;

	private final RoutePolicy settings;

	private final List<ServiceInstance> instances;

	private final boolean weightedPolicy;

	// made on the first skip or note: most picks have none
	private @Nullable Map<String, String> skipped;

	private @Nullable List<String> notes;

	private boolean full;

	/**
	 * Create the context of one pick.
	 * @param request the request
	 * @param settings the route's settings
	 * @param instances every instance of the service, whatever its status
	 * @param weightedPolicy whether the route's policy picks by weight, so that slow
	 * start lowers a weight rather than a chance to be a candidate
	 */
	public PipelineContext(BalancingRequest request, RoutePolicy settings, List<ServiceInstance> instances,
			boolean weightedPolicy) {
		this.request = request;
		this.settings = settings;
		this.instances = instances;
		this.weightedPolicy = weightedPolicy;
	}

	public BalancingRequest request() {
		return this.request;
	}

	public RoutePolicy settings() {
		return this.settings;
	}

	/**
	 * Return every instance of the service, before any stage.
	 * @return the instances
	 */
	public List<ServiceInstance> instances() {
		return this.instances;
	}

	public boolean weightedPolicy() {
		return this.weightedPolicy;
	}

	/**
	 * Record that a stage left an instance out; the first reason stays.
	 * @param instanceId the instance
	 * @param reason why, such as {@code ejected} or {@code slow-start 40%}
	 */
	public void skip(String instanceId, String reason) {
		if (this.skipped == null) {
			this.skipped = new LinkedHashMap<>();
		}
		this.skipped.putIfAbsent(instanceId, reason);
	}

	/**
	 * Record something a stage decided about the whole pick, such as spilling over to
	 * other zones.
	 * @param note a short {@code key=value}
	 */
	public void note(String note) {
		if (this.notes == null) {
			this.notes = new ArrayList<>();
		}
		this.notes.add(note);
	}

	/**
	 * Record that every candidate is at its route's {@code maxInFlight}.
	 */
	public void markFull() {
		this.full = true;
	}

	/**
	 * Return whether the candidates ran out because every one is full, so that the
	 * request may queue rather than fail.
	 * @return {@code true} if full
	 */
	public boolean isFull() {
		return this.full;
	}

	public Map<String, String> skipped() {
		return (this.skipped != null) ? this.skipped : Map.of();
	}

	public List<String> notes() {
		return (this.notes != null) ? this.notes : List.of();
	}

}
