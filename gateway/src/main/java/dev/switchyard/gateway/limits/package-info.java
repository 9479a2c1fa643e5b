/**
 * What one client may grow on the public route: catalog writes and the CPU of
 * {@code /api/work}, limited per client address.
 */
package dev.switchyard.gateway.limits;
