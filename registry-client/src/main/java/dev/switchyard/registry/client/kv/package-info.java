/**
 * Watching keys of the registry's key/value store with blocking queries.
 */
package dev.switchyard.registry.client.kv;
