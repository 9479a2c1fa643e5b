package dev.switchyard.registry.instance;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The instances of one service at a given index.
 *
 * @param service the service name
 * @param index the index of the last change to this service (or the current index if the
 * service never had an instance)
 * @param instances the instances, sorted by instance id
 */
@JsonPropertyOrder({ "service", "index", "instances" })
public record ServiceSnapshot(String service, long index, List<Instance> instances) {

}
