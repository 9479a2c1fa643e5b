package dev.switchyard.registry.client;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The instances of one service at one registry index.
 *
 * @param service the service name
 * @param index the registry index of the service's last change
 * @param instances the instances, sorted by id
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ServiceSnapshot(String service, long index, List<RegisteredInstance> instances) {

	public ServiceSnapshot {
		instances = (instances != null) ? List.copyOf(instances) : List.of();
	}

}
