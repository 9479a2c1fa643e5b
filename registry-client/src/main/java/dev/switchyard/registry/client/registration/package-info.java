/**
 * Registers a running application with the registry and keeps its lease alive.
 */
package dev.switchyard.registry.client.registration;
