/**
 * The node service application: a server behind the gateway that registers itself with
 * the registry.
 */
package dev.switchyard.node;
