package dev.switchyard.registry.discovery;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.switchyard.registry.instance.Instance;
import dev.switchyard.registry.instance.InstanceStore;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves Prometheus HTTP service discovery: one target group per registered instance,
 * labelled with its service, instance id, status and, when set, zone and version; with
 * {@code ?service=NAME}, the instances of that service only.
 */
@RestController
class PrometheusTargetsController {

	private static final List<String> METADATA_LABELS = List.of("zone", "version");

	private final InstanceStore store;

	PrometheusTargetsController(InstanceStore store) {
		this.store = store;
	}

	@GetMapping(path = "/v1/prometheus/targets", produces = MediaType.APPLICATION_JSON_VALUE)
	List<TargetGroup> targets(@RequestParam(required = false) @Nullable String service) {
		return this.store.catalog()
			.services()
			.entrySet()
			.stream()
			.filter((entry) -> service == null || entry.getKey().equals(service))
			.flatMap((entry) -> entry.getValue().stream())
			.map(PrometheusTargetsController::targetGroup)
			.toList();
	}

	private static TargetGroup targetGroup(Instance instance) {
		Map<String, String> labels = new LinkedHashMap<>();
		labels.put("service", instance.service());
		labels.put("instance_id", instance.instanceId());
		labels.put("status", instance.status().name());
		for (String key : METADATA_LABELS) {
			String value = instance.metadata().get(key);
			if (value != null) {
				labels.put(key, value);
			}
		}
		return new TargetGroup(List.of(instance.authority()), labels);
	}

}
