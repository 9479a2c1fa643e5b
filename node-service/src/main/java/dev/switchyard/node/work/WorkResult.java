package dev.switchyard.node.work;

/**
 * What a unit of stateless work did.
 *
 * @param instanceId the instance that did it
 * @param cpuMs the CPU time asked for
 * @param ioMs the wait asked for
 * @param elapsedMs the wall-clock time it took
 * @param thread the thread that did it
 * @param virtualThread whether that thread is virtual
 */
public record WorkResult(String instanceId, long cpuMs, long ioMs, long elapsedMs, String thread,
		boolean virtualThread) {

}
