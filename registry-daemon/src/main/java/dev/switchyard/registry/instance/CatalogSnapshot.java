package dev.switchyard.registry.instance;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Every service with at least one instance, at a given index.
 *
 * @param index the current index
 * @param services the instances of each service, by service name in alphabetical order
 */
@JsonPropertyOrder({ "index", "services" })
public record CatalogSnapshot(long index, Map<String, List<Instance>> services) {

}
