package dev.switchyard.gateway.console;

import jakarta.validation.Valid;
import reactor.core.publisher.Mono;

import dev.switchyard.gateway.admin.InstanceState;
import dev.switchyard.gateway.admin.LoadBalancerAdminController;
import dev.switchyard.registry.client.RegisteredInstance;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code /admin/instances/{instanceId}}, behind the admin token like all of
 * {@code /admin/**}: the console's way to a node's chaos settings (on the node itself,
 * which the gateway does not route) and to an instance's status in the registry.
 */
@RestController
@RequestMapping("/admin/instances/{instanceId}")
class InstanceAdminController {

	private static final String CHAOS = "/admin/chaos";

	private final LoadBalancerAdminController loadBalancer;

	private final NodeAdminClient nodes;

	private final RegistryStatusClient registry;

	InstanceAdminController(LoadBalancerAdminController loadBalancer, NodeAdminClient nodes,
			RegistryStatusClient registry) {
		this.loadBalancer = loadBalancer;
		this.nodes = nodes;
		this.registry = registry;
	}

	@GetMapping("/chaos")
	@ApiResponse(responseCode = "200", description = "The node's answer, passed through: its chaos settings",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(type = "object")))
	Mono<ResponseEntity<byte[]>> chaos(@PathVariable String instanceId) {
		return instance(instanceId).flatMap((instance) -> this.nodes.exchange(instance, HttpMethod.GET, CHAOS, null));
	}

	@PutMapping(path = "/chaos", consumes = MediaType.APPLICATION_JSON_VALUE)
	@ApiResponse(responseCode = "200", description = "The node's answer, passed through: its chaos settings",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(type = "object")))
	Mono<ResponseEntity<byte[]>> setChaos(@PathVariable String instanceId, @RequestBody byte[] settings) {
		// the node validates the settings and answers a problem the caller sees as it is
		return instance(instanceId)
			.flatMap((instance) -> this.nodes.exchange(instance, HttpMethod.PUT, CHAOS, settings));
	}

	@DeleteMapping("/chaos")
	@ApiResponse(responseCode = "200", description = "The node's answer, passed through: its chaos settings",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(type = "object")))
	Mono<ResponseEntity<byte[]>> clearChaos(@PathVariable String instanceId) {
		return instance(instanceId)
			.flatMap((instance) -> this.nodes.exchange(instance, HttpMethod.DELETE, CHAOS, null));
	}

	@PutMapping("/status")
	Mono<RegisteredInstance> status(@PathVariable String instanceId, @Valid @RequestBody InstanceStatusChange change) {
		return instance(instanceId)
			.flatMap((instance) -> this.registry.status(instance.service(), instance.instanceId(), change.status()));
	}

	private Mono<InstanceState> instance(String instanceId) {
		return this.loadBalancer.state()
			.flatMapIterable((state) -> state.instances())
			.filter((instance) -> instance.instanceId().equals(instanceId))
			.next()
			.switchIfEmpty(Mono.error(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
					"No instance '" + instanceId + "' is known to the gateway")));
	}

}
