package dev.switchyard.node.work;

import java.util.concurrent.TimeUnit;

import dev.switchyard.node.identity.NodeIdentity;
import dev.switchyard.node.identity.ServingThread;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Stateless work: burns CPU, then waits as if on I/O, on the request's virtual thread.
 * Any node can serve it, and it never touches the session.
 */
@RestController
public class WorkController {

	private final NodeIdentity identity;

	private final WorkProperties properties;

	WorkController(NodeIdentity identity, WorkProperties properties) {
		this.identity = identity;
		this.properties = properties;
	}

	@GetMapping("/api/work")
	WorkResult work(@RequestParam(defaultValue = "0") long cpuMs, @RequestParam(defaultValue = "0") long ioMs)
			throws InterruptedException {
		check("cpuMs", cpuMs, this.properties.maxCpu().toMillis());
		check("ioMs", ioMs, this.properties.maxIo().toMillis());
		long start = System.nanoTime();
		CpuBurner.burn(cpuMs);
		if (ioMs > 0) {
			// A virtual thread unmounts while it sleeps, as it would while waiting on
			// I/O.
			Thread.sleep(ioMs);
		}
		long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		ServingThread thread = ServingThread.current();
		return new WorkResult(this.identity.instanceId(), cpuMs, ioMs, elapsedMs, thread.name(), thread.virtual());
	}

	private static void check(String name, long value, long max) {
		if (value < 0 || value > max) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					name + " must be between 0 and " + max + ", was " + value);
		}
	}

}
