/**
 * Consistent copies on every node: a catalog that each node holds whole in memory and
 * serves locally, kept identical by applying one log (a Redis Stream) in order.
 */
package dev.switchyard.node.catalog;
