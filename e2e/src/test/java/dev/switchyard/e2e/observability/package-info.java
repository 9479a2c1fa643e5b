/**
 * The monitoring as a user meets it: a real Prometheus scraping a real cluster, the rules
 * under promtool, and every dashboard panel answered.
 */
package dev.switchyard.e2e.observability;
