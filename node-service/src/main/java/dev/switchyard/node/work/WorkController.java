package dev.switchyard.node.work;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import dev.switchyard.node.identity.NodeIdentity;
import dev.switchyard.node.identity.ServingThread;
import dev.switchyard.node.web.DataStoreFailures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Stateless work: burns CPU, then waits as if on I/O, on the thread serving the request.
 * Any node can serve it, and it never touches the session.
 * <p>
 * A client that goes away cancels the wait. The servlet API says nothing when a client
 * disconnects, not even to an asynchronous request (Tomcat does not watch the socket of
 * one that is waiting); only a write to the connection fails. So a wait longer than
 * {@code node.work.disconnect-check} commits the 200 at once and writes a space every
 * interval, which JSON parsers skip, and stops at the first write that fails.
 * <p>
 * At most {@code node.work.max-concurrent-cpu} requests burn CPU at once; one more is
 * answered 503 with {@code Retry-After} rather than queued, so that the CPU a node is
 * asked for stays bounded whoever asks (the gateway bounds it per client as well).
 */
@RestController
public class WorkController {

	private static final Log logger = LogFactory.getLog(WorkController.class);

	private final NodeIdentity identity;

	private final WorkProperties properties;

	private final Counter abandoned;

	private final Semaphore cpu;

	private final Counter refused;

	WorkController(NodeIdentity identity, WorkProperties properties, MeterRegistry meterRegistry) {
		this.identity = identity;
		this.properties = properties;
		this.abandoned = Counter.builder("node.work.abandoned")
			.description("Waits stopped early because the client went away")
			.register(meterRegistry);
		this.cpu = new Semaphore(properties.concurrentCpuLimit());
		this.refused = Counter.builder("node.work.refused")
			.description("Requests refused with 503 because node.work.max-concurrent-cpu were burning CPU")
			.register(meterRegistry);
	}

	@GetMapping("/api/work")
	@Nullable WorkResult work(@RequestParam(defaultValue = "0") long cpuMs, @RequestParam(defaultValue = "0") long ioMs,
			HttpServletResponse response) throws InterruptedException {
		check("cpuMs", cpuMs, this.properties.maxCpu().toMillis());
		check("ioMs", ioMs, this.properties.maxIo().toMillis());
		long start = System.nanoTime();
		burn(cpuMs);
		if (!await(ioMs, response)) {
			this.abandoned.increment();
			logger.debug("Client left during a wait of " + ioMs + " ms; stopped after "
					+ TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
			return null;
		}
		long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		ServingThread thread = ServingThread.current();
		return new WorkResult(this.identity.instanceId(), cpuMs, ioMs, elapsedMs, thread.name(), thread.virtual());
	}

	private void burn(long cpuMs) {
		if (cpuMs == 0) {
			return;
		}
		if (!this.cpu.tryAcquire()) {
			this.refused.increment();
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
					"This node is burning CPU for as many requests as it takes at once; try again.");
			problem.setTitle("Too much work at once");
			ErrorResponseException ex = new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE, problem, null);
			ex.getHeaders().set(HttpHeaders.RETRY_AFTER, DataStoreFailures.RETRY_AFTER_SECONDS);
			throw ex;
		}
		try {
			CpuBurner.burn(cpuMs);
		}
		finally {
			this.cpu.release();
		}
	}

	/**
	 * Wait, as if on I/O; a virtual thread unmounts meanwhile.
	 * @return {@code false} if the client went away
	 */
	private boolean await(long ioMs, HttpServletResponse response) throws InterruptedException {
		long interval = this.properties.disconnectCheck().toMillis();
		if (ioMs <= interval) {
			Thread.sleep(ioMs);
			return true;
		}
		response.setStatus(HttpStatus.OK.value());
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ioMs);
		for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
			if (!isConnected(response)) {
				return false;
			}
			Thread.sleep(Duration.ofNanos(Math.min(TimeUnit.MILLISECONDS.toNanos(interval), left)));
		}
		return true;
	}

	private static boolean isConnected(HttpServletResponse response) {
		try {
			response.getOutputStream().write(' ');
			response.flushBuffer();
			return true;
		}
		catch (IOException | RuntimeException ex) {
			// Spring MVC reports a write to a closed connection as an
			// AsyncRequestNotUsableException, an IllegalStateException.
			return false;
		}
	}

	private static void check(String name, long value, long max) {
		if (value < 0 || value > max) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					name + " must be between 0 and " + max + ", was " + value);
		}
	}

}
