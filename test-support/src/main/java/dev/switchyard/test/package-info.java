/**
 * Real infrastructure for tests: a {@code redis-server} on a free port and free-port
 * lookup.
 */
package dev.switchyard.test;
