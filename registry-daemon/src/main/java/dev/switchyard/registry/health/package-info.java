/**
 * Active HTTP health checks of registered instances.
 */
package dev.switchyard.registry.health;
