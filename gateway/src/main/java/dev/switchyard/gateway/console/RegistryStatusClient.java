package dev.switchyard.gateway.console;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import dev.switchyard.registry.client.RegisteredInstance;
import dev.switchyard.registry.client.RegistryClient;
import dev.switchyard.registry.client.RegistryClientException;
import dev.switchyard.registry.client.RegistryClients;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Changes an instance's status in the registry, so that the console can drain it: only
 * when the gateway has the registry's write token ({@code REGISTRY_TOKEN}), which it
 * otherwise never needs.
 */
public class RegistryStatusClient {

	private static final Log logger = LogFactory.getLog(RegistryStatusClient.class);

	private final RegistryClients clients;

	private final boolean available;

	/**
	 * Create the client.
	 * @param clients the registry daemons' clients
	 * @param available whether the clients carry the write token
	 */
	public RegistryStatusClient(RegistryClients clients, boolean available) {
		this.clients = clients;
		this.available = available;
	}

	/**
	 * Return whether statuses can be changed.
	 * @return {@code true} if the gateway has the registry's write token
	 */
	public boolean isAvailable() {
		return this.available;
	}

	/**
	 * Set an instance's status in every daemon that knows it (with one daemon per
	 * machine, the one it registered with).
	 * @param service the service
	 * @param instanceId the instance
	 * @param status the new status
	 * @return the instance as the registry now has it
	 */
	public Mono<RegisteredInstance> status(String service, String instanceId, String status) {
		if (!this.available) {
			return Mono.error(problem(HttpStatus.NOT_IMPLEMENTED,
					"The gateway has no REGISTRY_TOKEN, so it cannot change an instance's status; "
							+ "use the registry's API: PUT /v1/services/" + service + "/instances/" + instanceId
							+ "/status with the registry token"));
		}
		// the registry client is blocking
		return Mono.fromCallable(() -> write(service, instanceId, status)).subscribeOn(Schedulers.boundedElastic());
	}

	private RegisteredInstance write(String service, String instanceId, String status) {
		RegisteredInstance written = null;
		RegistryClientException failure = null;
		List<RegistryClient> daemons = this.clients.current();
		for (RegistryClient daemon : daemons) {
			try {
				RegisteredInstance instance = daemon.status(service, instanceId, status);
				written = (written != null) ? written : instance;
			}
			catch (RegistryClientException ex) {
				if (!ex.isNotFound()) {
					failure = ex;
				}
			}
		}
		if (written != null) {
			logger.info("Set " + service + "/" + instanceId + " " + status + " in the registry");
			return written;
		}
		if (failure == null) {
			throw problem(HttpStatus.NOT_FOUND, "The registry does not know " + service + "/" + instanceId);
		}
		logger.warn("Could not set " + service + "/" + instanceId + " " + status + ": " + failure.getMessage());
		if (failure.getStatus() == 401 || failure.getStatus() == 403) {
			throw problem(HttpStatus.BAD_GATEWAY, "The registry refused the gateway's REGISTRY_TOKEN");
		}
		throw problem(HttpStatus.BAD_GATEWAY, "The registry could not change the status of " + instanceId);
	}

	private static ErrorResponseException problem(HttpStatus status, String detail) {
		return new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), null);
	}

}
