package dev.switchyard.gateway.balancer.policy;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Which part of a request a hashing policy hashes: {@code uri}, {@code header:NAME},
 * {@code cookie:NAME} or {@code query:NAME}.
 *
 * @param kind the part of the request
 * @param name the header, cookie or query parameter, {@code null} for {@code uri}
 */
public record HashKey(Kind kind, @Nullable String name) {

	/** The hash key of a consistent-hash route that names none. */
	public static final HashKey URI = new HashKey(Kind.URI, null);

	/**
	 * Parse a hash key.
	 * @param spec {@code uri}, {@code header:NAME}, {@code cookie:NAME} or
	 * {@code query:NAME}
	 * @return the hash key
	 * @throws IllegalArgumentException if the spec is none of these
	 */
	public static HashKey parse(String spec) {
		String text = spec.trim();
		if ("uri".equalsIgnoreCase(text)) {
			return URI;
		}
		int colon = text.indexOf(':');
		if (colon > 0 && colon < text.length() - 1) {
			String name = text.substring(colon + 1).trim();
			switch (text.substring(0, colon).toLowerCase(Locale.ROOT)) {
				case "header":
					return new HashKey(Kind.HEADER, name);
				case "cookie":
					return new HashKey(Kind.COOKIE, name);
				case "query":
					return new HashKey(Kind.QUERY, name);
				default:
					break;
			}
		}
		throw new IllegalArgumentException(
				"Invalid hash key '" + spec + "': expected uri, header:NAME, cookie:NAME or query:NAME");
	}

	/**
	 * Return the value to hash from a request.
	 * @param request the request
	 * @return the value, or {@code null} when the request does not carry it
	 */
	public @Nullable String extract(BalancingRequest request) {
		String value = switch (this.kind) {
			case URI -> {
				String query = request.uri().getRawQuery();
				yield request.uri().getRawPath() + ((query != null) ? "?" + query : "");
			}
			case HEADER -> request.headers().getFirst(this.name);
			case COOKIE -> request.cookies().getFirst(this.name);
			case QUERY -> UriComponentsBuilder.fromUri(request.uri()).build().getQueryParams().getFirst(this.name);
		};
		return StringUtils.hasLength(value) ? value : null;
	}

	@Override
	public String toString() {
		return (this.kind == Kind.URI) ? "uri" : this.kind.name().toLowerCase(Locale.ROOT) + ":" + this.name;
	}

	/**
	 * The part of a request a hash key reads.
	 */
	public enum Kind {

		/** The path and query. */
		URI,

		/** A header. */
		HEADER,

		/** A cookie. */
		COOKIE,

		/** A query parameter. */
		QUERY

	}

}
