/**
 * Bearer token protection of the registry's write operations.
 */
package dev.switchyard.registry.security;
