/**
 * The registry daemon: the port mapper where service instances register and are found.
 */
package dev.switchyard.registry;
