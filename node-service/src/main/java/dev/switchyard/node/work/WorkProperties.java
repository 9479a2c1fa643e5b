package dev.switchyard.node.work;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Bounds on the stateless work one request may ask for.
 *
 * @param maxCpu the most CPU time a request may burn
 * @param maxIo the longest a request may wait
 * @param disconnectCheck how often a longer wait checks that its client is still there,
 * by sending a byte of whitespace ahead of the JSON body; a wait no longer than this is
 * not checked, and its response is an ordinary one
 * @param maxConcurrentCpu how many requests may burn CPU at once on this node; one more
 * is answered 503 with {@code Retry-After} at once, so that no client, nor all of them
 * together, can queue more CPU work than the node can do; {@code 0} means twice the
 * processors the JVM sees
 */
@Validated
@ConfigurationProperties("node.work")
public record WorkProperties(@NotNull @DefaultValue("10s") Duration maxCpu,
		@NotNull @DefaultValue("10s") Duration maxIo,
		@NotNull @DurationMin(millis = 10) @DefaultValue("250ms") Duration disconnectCheck,
		@Min(0) @DefaultValue("0") int maxConcurrentCpu) {

	/**
	 * Return how many requests may burn CPU at once.
	 * @return the configured number, or twice the processors when it is 0
	 */
	public int concurrentCpuLimit() {
		return (this.maxConcurrentCpu > 0) ? this.maxConcurrentCpu : 2 * Runtime.getRuntime().availableProcessors();
	}

}
