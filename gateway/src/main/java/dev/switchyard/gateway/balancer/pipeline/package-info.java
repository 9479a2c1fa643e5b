/**
 * The candidate pipeline: the stages that narrow a service's instances down to the ones a
 * policy may pick from (status, ejection, zone, slow start, capacity).
 */
package dev.switchyard.gateway.balancer.pipeline;
