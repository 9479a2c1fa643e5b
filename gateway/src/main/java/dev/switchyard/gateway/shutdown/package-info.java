/**
 * The hitless stop: fail readiness, keep accepting for a drain window, close kept-alive
 * connections, finish what is in flight; and the shared port a successor binds first.
 */
package dev.switchyard.gateway.shutdown;
