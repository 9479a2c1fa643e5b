/**
 * The threads that serve requests: a bounded pool of platform threads, a virtual thread
 * per request or a single thread (an iterative server), chosen with {@code node.threads}
 * and shown in whoami and the metrics.
 */
package dev.switchyard.node.threads;
