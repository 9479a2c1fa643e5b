package dev.switchyard.node.catalog;

/**
 * One entry of the catalog as every node holds it.
 *
 * @param key the key
 * @param value the value
 * @param version the version of the log entry that last wrote the key
 */
public record CatalogEntry(String key, String value, long version) {

}
