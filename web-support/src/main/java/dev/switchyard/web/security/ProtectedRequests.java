package dev.switchyard.web.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.util.Assert;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The requests an application protects with its bearer token: path patterns, each with
 * the HTTP methods it leaves open. The patterns are parsed by
 * {@link PathPatternParser#defaultInstance}, as WebFlux and Spring MVC parse their
 * handlers' patterns, and matched against the same parsed path their handler mappings
 * match (segments percent-decoded, matrix parameters ignored), so that no spelling of a
 * path can reach a handler without matching here too.
 */
public final class ProtectedRequests {

	private final List<Rule> rules;

	private ProtectedRequests(List<Rule> rules) {
		this.rules = List.copyOf(rules);
	}

	/**
	 * Protect every request to the given paths, whatever its method.
	 * @param patterns path patterns, such as {@code /admin/**}
	 * @return the protected requests
	 */
	public static ProtectedRequests paths(String... patterns) {
		return new ProtectedRequests(List.of(new Rule(List.of(patterns), Set.of())));
	}

	/**
	 * Leave requests with the given methods open on the paths of this single rule, such
	 * as reads ({@code GET}, {@code HEAD}, {@code OPTIONS}) when only writes need the
	 * token.
	 * @param methods the methods that need no token
	 * @return the protected requests
	 */
	public ProtectedRequests exceptMethods(HttpMethod... methods) {
		Assert.state(this.rules.size() == 1, "exceptMethods applies to a single rule");
		return new ProtectedRequests(List.of(new Rule(this.rules.get(0).patterns(), Set.of(methods))));
	}

	/**
	 * Protect the requests of other rules as well.
	 * @param other the other rules
	 * @return the requests of both
	 */
	public ProtectedRequests and(ProtectedRequests other) {
		List<Rule> both = new ArrayList<>(this.rules);
		both.addAll(other.rules);
		return new ProtectedRequests(both);
	}

	/**
	 * Return whether a request needs the token.
	 * @param method the request's method
	 * @param path the request's path within the application, parsed as the handler
	 * mappings parse it
	 * @return {@code true} if it does
	 */
	public boolean matches(HttpMethod method, PathContainer path) {
		for (Rule rule : this.rules) {
			if (rule.matches(method, path)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Return the rules, for a registration that matches them by itself (Spring MVC's
	 * interceptor registry).
	 * @return the rules
	 */
	public List<Rule> rules() {
		return this.rules;
	}

	@Override
	public String toString() {
		return this.rules.stream().map(Rule::toString).collect(Collectors.joining(", "));
	}

	/**
	 * Path patterns with the methods they leave open.
	 */
	public static final class Rule {

		private final List<String> patterns;

		private final List<PathPattern> parsed;

		private final Set<HttpMethod> openMethods;

		Rule(List<String> patterns, Set<HttpMethod> openMethods) {
			Assert.notEmpty(patterns, "At least one path pattern is required");
			this.patterns = List.copyOf(patterns);
			this.parsed = this.patterns.stream().map(PathPatternParser.defaultInstance::parse).toList();
			this.openMethods = Set.copyOf(openMethods);
		}

		/**
		 * Return the path patterns.
		 * @return the patterns
		 */
		public List<String> patterns() {
			return this.patterns;
		}

		/**
		 * Return the methods that need no token on these paths.
		 * @return the methods, empty when every method needs the token
		 */
		public Set<HttpMethod> openMethods() {
			return this.openMethods;
		}

		boolean matches(HttpMethod method, PathContainer path) {
			if (this.openMethods.contains(method)) {
				return false;
			}
			for (PathPattern pattern : this.parsed) {
				if (pattern.matches(path)) {
					return true;
				}
			}
			return false;
		}

		@Override
		public String toString() {
			return String.join(" ", this.patterns) + (this.openMethods.isEmpty() ? "" : " except " + this.openMethods);
		}

	}

}
