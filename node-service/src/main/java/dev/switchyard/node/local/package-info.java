/**
 * State held in one node's memory, keyed by the caller's session: correct only with
 * affinity.
 */
package dev.switchyard.node.local;
