/**
 * Stateless work: CPU and I/O on a virtual thread, which any node can serve.
 */
package dev.switchyard.node.work;
