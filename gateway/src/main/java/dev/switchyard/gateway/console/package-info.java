/**
 * The cluster console at {@code /}: a read-only, token-free view of the balancer's state
 * streamed to the page, and the token-protected admin passthroughs its controls use.
 */
package dev.switchyard.gateway.console;
