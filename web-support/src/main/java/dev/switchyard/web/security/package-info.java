/**
 * One bearer-token check for every protected request of the cluster's HTTP servers, with
 * its per-address rate limits, matched by the path patterns their handlers are matched
 * by: a {@code WebFilter} for WebFlux, a {@code HandlerInterceptor} for Spring MVC.
 */
package dev.switchyard.web.security;
