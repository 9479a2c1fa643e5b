/**
 * Error handling: every error is an RFC 9457 {@code application/problem+json} body that
 * names the instance.
 */
package dev.switchyard.node.web;
