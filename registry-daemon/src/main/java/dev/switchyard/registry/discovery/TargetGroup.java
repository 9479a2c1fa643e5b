package dev.switchyard.registry.discovery;

import java.util.List;
import java.util.Map;

/**
 * One entry of a Prometheus HTTP service discovery answer.
 *
 * @param targets the {@code host:port} addresses to scrape
 * @param labels the labels attached to every target of the group
 */
public record TargetGroup(List<String> targets, Map<String, String> labels) {

}
