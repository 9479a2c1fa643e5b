/**
 * Token buckets per client address, for the requests each application protects with a
 * bearer token.
 */
package dev.switchyard.web.ratelimit;
