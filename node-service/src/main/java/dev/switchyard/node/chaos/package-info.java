/**
 * Fault injection: makes this node slow or failing on demand, for demonstrations and
 * tests.
 */
package dev.switchyard.node.chaos;
