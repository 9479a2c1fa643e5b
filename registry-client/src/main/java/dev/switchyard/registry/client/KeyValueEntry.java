package dev.switchyard.registry.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One key of the registry's key/value store.
 *
 * @param key the key
 * @param value the value
 * @param createIndex the index of the write that created it
 * @param modifyIndex the index of its last write, what a {@code cas} write names
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record KeyValueEntry(String key, String value, long createIndex, long modifyIndex) {

}
