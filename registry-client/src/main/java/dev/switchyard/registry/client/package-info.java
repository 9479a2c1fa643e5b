/**
 * Client of the registry daemon: its HTTP API, properties and auto-configuration.
 */
package dev.switchyard.registry.client;
