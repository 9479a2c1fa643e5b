package dev.switchyard.test.spelling;

import java.util.List;
import java.util.Set;

/**
 * One handler method of an application's handler mappings.
 *
 * @param name the handler method, {@code Controller#method}
 * @param type the controller's class
 * @param patterns its path patterns
 * @param methods its HTTP methods, empty when it takes any
 */
public record Handler(String name, Class<?> type, List<String> patterns, Set<String> methods) {

}
