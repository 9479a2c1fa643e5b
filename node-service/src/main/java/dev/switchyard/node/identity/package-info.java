/**
 * Who this node is: the {@code X-Instance-Id} header, {@code /api/whoami} and the
 * {@code instance_id} metrics tag.
 */
package dev.switchyard.node.identity;
