package dev.switchyard.node.identity;

import dev.switchyard.node.threads.ThreadModel;

/**
 * Which node, process and thread served a request.
 *
 * @param instanceId the instance id
 * @param host the registered host
 * @param port the port the node listens on
 * @param pid the process id
 * @param thread the serving thread's name, or its description when it has none
 * @param virtualThread whether the serving thread is a virtual thread
 * @param threads the thread model serving requests ({@code node.threads})
 * @param uptimeSeconds how long the JVM has been running
 */
public record Whoami(String instanceId, String host, int port, long pid, String thread, boolean virtualThread,
		ThreadModel threads, long uptimeSeconds) {

}
