package dev.switchyard.test.spelling;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.springframework.context.ApplicationContext;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Reads the handler methods of an application from its own request mappings (annotated
 * controllers, and the actuator's endpoints), so that a test of its protected calls
 * covers a new endpoint without being edited.
 */
public final class HandlerMappings {

	private HandlerMappings() {
	}

	/**
	 * Return the handler methods of a Spring MVC application.
	 * @param context the application's context
	 * @return its handler methods
	 */
	public static List<Handler> servlet(ApplicationContext context) {
		List<Handler> handlers = new ArrayList<>();
		context.getBeansOfType(org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping.class)
			.values()
			.forEach((mapping) -> mapping.getHandlerMethods()
				.forEach((info, method) -> handlers
					.add(handler(method, info.getPatternValues(), info.getMethodsCondition().getMethods()))));
		return handlers;
	}

	/**
	 * Return the handler methods of a WebFlux application.
	 * @param context the application's context
	 * @return its handler methods
	 */
	public static List<Handler> reactive(ApplicationContext context) {
		List<Handler> handlers = new ArrayList<>();
		context.getBeansOfType(org.springframework.web.reactive.result.method.RequestMappingInfoHandlerMapping.class)
			.values()
			.forEach((mapping) -> mapping.getHandlerMethods()
				.forEach((info,
						method) -> handlers.add(handler(method,
								info.getPatternsCondition()
									.getPatterns()
									.stream()
									.map(PathPattern::getPatternString)
									.collect(Collectors.toSet()),
								info.getMethodsCondition().getMethods()))));
		return handlers;
	}

	private static Handler handler(HandlerMethod method, Set<String> patterns, Set<RequestMethod> methods) {
		return new Handler(method.getBeanType().getSimpleName() + "#" + method.getMethod().getName(),
				method.getBeanType(), List.copyOf(new TreeSet<>(patterns)),
				methods.stream().map(RequestMethod::name).collect(Collectors.toCollection(TreeSet::new)));
	}

}
