package dev.switchyard.node.identity;

import java.lang.management.ManagementFactory;

import dev.switchyard.node.threads.ThreadModel;
import dev.switchyard.node.threads.ThreadsProperties;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers {@code GET /api/whoami} without touching the session, so that it keeps working
 * when Redis does not.
 */
@RestController
public class WhoamiController {

	private final NodeIdentity identity;

	private final ThreadModel threads;

	WhoamiController(NodeIdentity identity, ThreadsProperties threads) {
		this.identity = identity;
		this.threads = threads.threads();
	}

	@GetMapping("/api/whoami")
	Whoami whoami() {
		ServingThread thread = ServingThread.current();
		return new Whoami(this.identity.instanceId(), this.identity.host(), this.identity.port(),
				ProcessHandle.current().pid(), thread.name(), thread.virtual(), this.threads,
				ManagementFactory.getRuntimeMXBean().getUptime() / 1000);
	}

}
