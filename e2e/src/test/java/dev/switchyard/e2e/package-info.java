/**
 * End-to-end tests across real processes: the applications' jars, a real redis-server,
 * real signals.
 */
package dev.switchyard.e2e;
