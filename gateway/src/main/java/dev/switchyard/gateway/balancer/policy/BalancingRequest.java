package dev.switchyard.gateway.balancer.policy;

import java.net.InetAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * What a policy may know of the request it balances: the route, the URI, headers,
 * cookies, the client's address, the route's hash key and the instances that already
 * failed for this request.
 */
public final class BalancingRequest {

	/** The request header that asks for {@code X-LB-Decision}. */
	public static final String EXPLAIN_HEADER = "X-LB-Explain";

	private final String serviceId;

	private final @Nullable String routeId;

	private final URI uri;

	private final HttpHeaders headers;

	private final MultiValueMap<String, String> cookies;

	private final @Nullable InetAddress clientAddress;

	private final @Nullable String hashKey;

	private final Map<String, String> excluded;

	private final @Nullable Double hashBalanceFactor;

	private BalancingRequest(Builder builder) {
		this.serviceId = builder.serviceId;
		this.routeId = builder.routeId;
		this.uri = builder.uri;
		this.headers = HttpHeaders.readOnlyHttpHeaders(builder.headers());
		this.cookies = builder.cookies();
		this.clientAddress = builder.clientAddress;
		this.hashKey = builder.hashKey;
		this.hashBalanceFactor = builder.hashBalanceFactor;
		this.excluded = (builder.excluded != null) ? Map.copyOf(builder.excluded) : Map.of();
	}

	/**
	 * Start building a request for a service.
	 * @param serviceId the service balanced
	 * @return a builder
	 */
	public static Builder builder(String serviceId) {
		return new Builder(serviceId);
	}

	/**
	 * Return the service balanced.
	 * @return the service id
	 */
	public String serviceId() {
		return this.serviceId;
	}

	/**
	 * Return the gateway route of the request.
	 * @return the route id, {@code null} outside a gateway route
	 */
	public @Nullable String routeId() {
		return this.routeId;
	}

	/**
	 * Return the request's URI.
	 * @return the URI
	 */
	public URI uri() {
		return this.uri;
	}

	/**
	 * Return the request's headers.
	 * @return read-only headers
	 */
	public HttpHeaders headers() {
		return this.headers;
	}

	/**
	 * Return the request's cookies.
	 * @return cookie values by name
	 */
	public MultiValueMap<String, String> cookies() {
		return this.cookies;
	}

	/**
	 * Return the address of the client: the peer's, or the one a trusted proxy forwarded
	 * for (see {@link ClientAddressResolver}).
	 * @return the peer's address, {@code null} when unknown
	 */
	public @Nullable InetAddress clientAddress() {
		return this.clientAddress;
	}

	/**
	 * Return the route's hash key.
	 * @return {@code uri}, {@code header:NAME}, {@code cookie:NAME} or
	 * {@code query:NAME}; {@code null} when the route has none
	 */
	public @Nullable String hashKey() {
		return this.hashKey;
	}

	/**
	 * Return the route's bound on a hashing policy's load.
	 * @return the {@code hashBalanceFactor}, {@code null} for plain hashing
	 */
	public @Nullable Double hashBalanceFactor() {
		return this.hashBalanceFactor;
	}

	/**
	 * Return the instances that already failed for this request, with the reason.
	 * @return reasons by instance id
	 */
	public Map<String, String> excluded() {
		return this.excluded;
	}

	/**
	 * Return whether the request asked for {@code X-LB-Decision}.
	 * @return {@code true} if {@code X-LB-Explain: true}
	 */
	public boolean explain() {
		return "true".equalsIgnoreCase(this.headers.getFirst(EXPLAIN_HEADER));
	}

	/**
	 * Builds a {@link BalancingRequest}.
	 */
	public static final class Builder {

		private final String serviceId;

		private @Nullable String routeId;

		private URI uri = URI.create("/");

		/*
		 * The request's own headers and cookies are kept, not copied, until a test adds
		 * one: a request is balanced once or a few times, and its headers do not change
		 * meanwhile.
		 */
		private @Nullable HttpHeaders headers;

		private boolean ownHeaders;

		private @Nullable MultiValueMap<String, String> cookies;

		private boolean ownCookies;

		private @Nullable InetAddress clientAddress;

		private @Nullable String hashKey;

		private @Nullable Double hashBalanceFactor;

		private @Nullable Map<String, String> excluded;

		private Builder(String serviceId) {
			this.serviceId = serviceId;
		}

		public Builder routeId(@Nullable String routeId) {
			this.routeId = routeId;
			return this;
		}

		public Builder uri(URI uri) {
			this.uri = uri;
			return this;
		}

		public Builder headers(@Nullable HttpHeaders headers) {
			if (headers != null) {
				if (this.headers == null) {
					this.headers = headers;
				}
				else {
					ownHeaders().addAll(headers);
				}
			}
			return this;
		}

		public Builder header(String name, String value) {
			ownHeaders().add(name, value);
			return this;
		}

		private HttpHeaders ownHeaders() {
			if (!this.ownHeaders) {
				HttpHeaders own = new HttpHeaders();
				if (this.headers != null) {
					own.addAll(this.headers);
				}
				this.headers = own;
				this.ownHeaders = true;
			}
			return this.headers;
		}

		private HttpHeaders headers() {
			return (this.headers != null) ? this.headers : new HttpHeaders();
		}

		public Builder cookies(@Nullable MultiValueMap<String, String> cookies) {
			if (cookies != null) {
				if (this.cookies == null) {
					this.cookies = cookies;
				}
				else {
					ownCookies().addAll(cookies);
				}
			}
			return this;
		}

		public Builder cookie(String name, String value) {
			ownCookies().add(name, value);
			return this;
		}

		private MultiValueMap<String, String> ownCookies() {
			if (!this.ownCookies) {
				MultiValueMap<String, String> own = new LinkedMultiValueMap<>();
				if (this.cookies != null) {
					own.addAll(this.cookies);
				}
				this.cookies = own;
				this.ownCookies = true;
			}
			return this.cookies;
		}

		private MultiValueMap<String, String> cookies() {
			return (this.cookies != null) ? this.cookies : new LinkedMultiValueMap<>();
		}

		public Builder clientAddress(@Nullable InetAddress clientAddress) {
			this.clientAddress = clientAddress;
			return this;
		}

		public Builder hashKey(@Nullable String hashKey) {
			this.hashKey = hashKey;
			return this;
		}

		public Builder hashBalanceFactor(@Nullable Double hashBalanceFactor) {
			this.hashBalanceFactor = hashBalanceFactor;
			return this;
		}

		public Builder excluded(@Nullable Map<String, String> excluded) {
			if (excluded != null && !excluded.isEmpty()) {
				excludedMap().putAll(excluded);
			}
			return this;
		}

		public Builder exclude(String instanceId, String reason) {
			excludedMap().put(instanceId, reason);
			return this;
		}

		private Map<String, String> excludedMap() {
			if (this.excluded == null) {
				this.excluded = new LinkedHashMap<>();
			}
			return this.excluded;
		}

		public BalancingRequest build() {
			return new BalancingRequest(this);
		}

	}

}
