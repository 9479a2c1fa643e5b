/**
 * The threads that serve requests: a bounded pool of platform threads or a virtual thread
 * per request, chosen with {@code node.threads} and shown in whoami and the metrics.
 */
package dev.switchyard.node.threads;
