package dev.switchyard.registry.instance;

/**
 * An instance to check, tied to one registration so that a late result does not apply to
 * a newer registration under the same key.
 *
 * @param instance the instance as registered
 * @param generation identifies the registration
 */
public record HealthTarget(Instance instance, long generation) {

}
