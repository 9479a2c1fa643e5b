/**
 * Registered instances, their leases and the change index, held in memory.
 */
package dev.switchyard.registry.instance;
