/**
 * The registry's versioned key/value store, where the gateways keep their shared route
 * settings.
 */
package dev.switchyard.registry.kv;
