/**
 * Guards the node's own {@code /admin} endpoints with the admin bearer token.
 */
package dev.switchyard.node.admin;
