/**
 * The gateway's I/O model: the event loops of its server and of its upstream client, on
 * the JDK's selector, on epoll or on io_uring ({@code gateway.transport}).
 */
package dev.switchyard.gateway.transport;
