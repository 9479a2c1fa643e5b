package dev.switchyard.registry.api;

import java.util.Map;

import dev.switchyard.registry.instance.Instance;
import dev.switchyard.registry.instance.InstanceKey;
import dev.switchyard.registry.instance.InstanceStore;
import dev.switchyard.registry.lease.LeaseProperties;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Writes to one instance: register, renew, change status or metadata, deregister. All
 * need the bearer token.
 */
@RestController
@RequestMapping("/v1/services/{service}/instances/{instanceId}")
class InstanceController {

	private final InstanceStore store;

	private final LeaseProperties lease;

	InstanceController(InstanceStore store, LeaseProperties lease) {
		this.store = store;
		this.lease = lease;
	}

	@PutMapping
	Instance register(@PathVariable @ServiceName String service, @PathVariable @InstanceId String instanceId,
			@RequestBody @Valid RegistrationRequest request) {
		int ttlSeconds = (request.ttlSeconds() != null) ? request.ttlSeconds()
				: (int) this.lease.defaultTtl().toSeconds();
		Map<String, String> metadata = (request.metadata() != null) ? request.metadata() : Map.of();
		return this.store.register(new InstanceKey(service, instanceId), request.host(), request.port(), metadata,
				ttlSeconds);
	}

	@PutMapping("/heartbeat")
	Instance heartbeat(@PathVariable @ServiceName String service, @PathVariable @InstanceId String instanceId) {
		InstanceKey key = new InstanceKey(service, instanceId);
		return this.store.heartbeat(key).orElseThrow(() -> new InstanceNotFoundException(key));
	}

	@PutMapping("/status")
	Instance changeStatus(@PathVariable @ServiceName String service, @PathVariable @InstanceId String instanceId,
			@RequestBody @Valid StatusChangeRequest request) {
		InstanceKey key = new InstanceKey(service, instanceId);
		return this.store.requestStatus(key, request.status()).orElseThrow(() -> new InstanceNotFoundException(key));
	}

	@PatchMapping("/metadata")
	Instance patchMetadata(@PathVariable @ServiceName String service, @PathVariable @InstanceId String instanceId,
			@RequestBody Map<String, String> patch) {
		InstanceKey key = new InstanceKey(service, instanceId);
		return this.store.patchMetadata(key, patch).orElseThrow(() -> new InstanceNotFoundException(key));
	}

	@DeleteMapping
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void deregister(@PathVariable @ServiceName String service, @PathVariable @InstanceId String instanceId) {
		InstanceKey key = new InstanceKey(service, instanceId);
		this.store.deregister(key).orElseThrow(() -> new InstanceNotFoundException(key));
	}

}
