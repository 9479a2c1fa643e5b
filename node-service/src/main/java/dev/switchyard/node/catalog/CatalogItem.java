package dev.switchyard.node.catalog;

/**
 * One catalog entry as a node answers it.
 *
 * @param instanceId the instance that answered
 * @param key the key
 * @param value the value
 * @param version the version that last wrote the key
 */
public record CatalogItem(String instanceId, String key, String value, long version) {

}
