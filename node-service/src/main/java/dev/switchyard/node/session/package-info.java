/**
 * Shared session state: the cart, kept in Redis through Spring Session so that any node
 * can serve it.
 */
package dev.switchyard.node.session;
