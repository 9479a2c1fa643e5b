/**
 * Token buckets per client address, for the admin APIs of the gateway and the nodes.
 */
package dev.switchyard.web.ratelimit;
