package dev.switchyard.node.chaos;

/**
 * The chaos in force on an instance.
 *
 * @param instanceId the instance
 * @param latencyMs the delay added to every {@code /api} request
 * @param errorRate the probability that an {@code /api} request fails
 * @param latencyRate the probability that an {@code /api} request gets the delay
 */
public record ChaosView(String instanceId, long latencyMs, double errorRate, double latencyRate) {

}
