package dev.switchyard.gateway.balancer.attempt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;

/**
 * What one client request has been through: the instances tried and why they were left,
 * the retries made and the notes for {@code X-LB-Decision}.
 */
public final class Attempts {

	private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
			HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.TRACE);

	private final String serviceId;

	private final @Nullable String routeId;

	private final boolean idempotent;

	private final Map<String, String> excluded = new LinkedHashMap<>();

	private final List<String> tried = new ArrayList<>();

	private final List<String> notes = new ArrayList<>();

	private boolean replayableBody;

	private int retries;

	/**
	 * Start the attempts of one request.
	 * @param serviceId the balanced service
	 * @param routeId the route, {@code null} outside a route
	 * @param method the request's method
	 */
	public Attempts(String serviceId, @Nullable String routeId, HttpMethod method) {
		this.serviceId = serviceId;
		this.routeId = routeId;
		this.idempotent = IDEMPOTENT.contains(method);
	}

	public String serviceId() {
		return this.serviceId;
	}

	public @Nullable String routeId() {
		return this.routeId;
	}

	public boolean idempotent() {
		return this.idempotent;
	}

	/**
	 * Return the instances left, with why, which the load balancer must not pick again.
	 * @return the reasons by instance id, a live view
	 */
	public Map<String, String> excluded() {
		return this.excluded;
	}

	/**
	 * Return what the attempt stages did, for {@code X-LB-Decision}.
	 * @return the notes, a live view
	 */
	public List<String> notes() {
		return this.notes;
	}

	public int retries() {
		return this.retries;
	}

	List<String> tried() {
		return this.tried;
	}

	void replayableBody() {
		this.replayableBody = true;
	}

	int retried() {
		return ++this.retries;
	}

	/**
	 * Whether the request may be sent again after the instance may have received it.
	 */
	boolean resendable() {
		return this.idempotent && this.replayableBody;
	}

}
