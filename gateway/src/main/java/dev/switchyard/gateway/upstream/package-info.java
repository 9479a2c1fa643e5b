/**
 * How the gateway reaches the instances: Spring Cloud Gateway's HTTP client with a
 * connection pool per event loop.
 */
package dev.switchyard.gateway.upstream;
