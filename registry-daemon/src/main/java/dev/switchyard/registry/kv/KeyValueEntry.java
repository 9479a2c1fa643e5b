package dev.switchyard.registry.kv;

/**
 * One key of the store, as {@code GET /v1/kv/{key}} answers it.
 *
 * @param key the key
 * @param value the value, UTF-8 text
 * @param createIndex the registry index of the write that created the key
 * @param modifyIndex the registry index of its last write, what {@code ?cas=} compares
 */
public record KeyValueEntry(String key, String value, long createIndex, long modifyIndex) {

}
