/**
 * Long jobs and their out-of-band cancellation: a job runs on the node that took it, its
 * state lives in Redis for every node to read, and a cancellation reaches the owner over
 * a Redis pub/sub control channel from whichever node received it.
 */
package dev.switchyard.node.jobs;
