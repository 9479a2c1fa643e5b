/**
 * Tomcat's connector, the node's I/O model: NIO (a selector, multiplexed) or NIO2
 * (asynchronous channels), chosen with {@code node.connector}.
 */
package dev.switchyard.node.connector;
