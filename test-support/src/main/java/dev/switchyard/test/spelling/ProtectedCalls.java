package dev.switchyard.test.spelling;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Derives the protected calls of an application: each handler method's path pattern and
 * HTTP method that the application's protected-path registration covers.
 */
public final class ProtectedCalls {

	private static final List<String> ANY_METHOD = List.of("GET", "POST", "PUT", "PATCH", "DELETE");

	private static final Pattern VARIABLE = Pattern.compile("\\{\\*?([^}:]+)(:[^}]*)?}");

	private ProtectedCalls() {
	}

	/**
	 * Return the protected calls among the handlers.
	 * @param handlers the application's handler methods
	 * @param protectedCall whether the application protects a method and path
	 * @param variables the values of path variables in the paths to send, by name; a
	 * variable not named gets {@code sample}
	 * @return the protected calls, in the order of their pattern and method
	 */
	public static List<ProtectedCall> derive(List<Handler> handlers, BiPredicate<String, String> protectedCall,
			Map<String, String> variables) {
		List<ProtectedCall> calls = new ArrayList<>();
		for (Handler handler : handlers) {
			for (String pattern : handler.patterns()) {
				String path = path(pattern, variables);
				for (String method : handler.methods().isEmpty() ? ANY_METHOD : handler.methods()) {
					if (protectedCall.test(method, path)) {
						calls.add(new ProtectedCall(method, pattern, path, handler.name()));
					}
				}
			}
		}
		calls.sort(Comparator.comparing(ProtectedCall::pattern).thenComparing(ProtectedCall::method));
		return calls;
	}

	/**
	 * Return whether every method of every pattern of a handler is protected.
	 * @param handler the handler
	 * @param protectedCall whether the application protects a method and path
	 * @param variables the values of path variables
	 * @return {@code true} if each is
	 */
	public static boolean covers(Handler handler, BiPredicate<String, String> protectedCall,
			Map<String, String> variables) {
		Set<String> methods = handler.methods();
		return handler.patterns()
			.stream()
			.allMatch((pattern) -> (methods.isEmpty() ? ANY_METHOD : methods).stream()
				.allMatch((method) -> protectedCall.test(method, path(pattern, variables))));
	}

	/**
	 * Return a path of a pattern.
	 * @param pattern a path pattern
	 * @param variables the values of path variables, by name
	 * @return the path
	 */
	public static String path(String pattern, Map<String, String> variables) {
		Matcher matcher = VARIABLE.matcher(pattern);
		StringBuilder path = new StringBuilder();
		while (matcher.find()) {
			matcher.appendReplacement(path,
					Matcher.quoteReplacement(variables.getOrDefault(matcher.group(1), "sample")));
		}
		matcher.appendTail(path);
		return path.toString().replace("**", "sample").replace("*", "sample");
	}

}
