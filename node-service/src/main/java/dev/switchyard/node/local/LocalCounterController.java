package dev.switchyard.node.local;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import dev.switchyard.node.identity.NodeIdentity;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A counter held in this node's memory, keyed by the caller's session: it is right only
 * while the gateway keeps sending the session to the same node.
 */
@RestController
@RequestMapping("/api/local/counter")
public class LocalCounterController {

	private static final int FINGERPRINT_BYTES = 6;

	private final NodeIdentity identity;

	private final LocalCounters counters;

	LocalCounterController(NodeIdentity identity, LocalCounters counters) {
		this.identity = identity;
		this.counters = counters;
	}

	@PostMapping
	LocalCounter increment(HttpServletRequest request) {
		HttpSession session = request.getSession(true);
		long count = this.counters.increment(session.getId());
		return new LocalCounter(this.identity.instanceId(), count, fingerprint(session.getId()));
	}

	@GetMapping
	LocalCounter read(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session == null) {
			return new LocalCounter(this.identity.instanceId(), 0, null);
		}
		return new LocalCounter(this.identity.instanceId(), this.counters.get(session.getId()),
				fingerprint(session.getId()));
	}

	/**
	 * Return a short fingerprint of a session id, enough to tell sessions apart in a demo
	 * without handing out the id, which is a credential.
	 * @param sessionId the session id
	 * @return twelve hex digits of its SHA-256
	 */
	static String fingerprint(String sessionId) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, FINGERPRINT_BYTES);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
