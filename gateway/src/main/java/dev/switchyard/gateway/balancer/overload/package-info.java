/**
 * Overload protection of the balanced routes: the FIFO queue of a service whose instances
 * are all at {@code maxInFlight}, and the adaptive concurrency limit of a route, both
 * shedding with a 503 and {@code Retry-After}.
 */
package dev.switchyard.gateway.balancer.overload;
