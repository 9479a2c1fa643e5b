/**
 * Where the route settings that the admin API changes are kept: in the registry's
 * key/value store, watched by every gateway of a cluster, or in this gateway's memory.
 */
package dev.switchyard.gateway.settings;
