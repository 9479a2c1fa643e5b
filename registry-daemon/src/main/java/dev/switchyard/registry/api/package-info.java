/**
 * The HTTP API under /v1 and its RFC 9457 error handling.
 */
package dev.switchyard.registry.api;
