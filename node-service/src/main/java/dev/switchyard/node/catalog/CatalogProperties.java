package dev.switchyard.node.catalog;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the catalog's log lives and how a node follows it.
 *
 * @param stream the Redis Stream that is the catalog's log
 * @param maxWait the longest a read waits for {@code minVersion}, and a write for its own
 * version to be applied on the node that took it
 * @param startupWait the longest startup waits for the node to catch up with the log
 * before the web server opens its port (and so before the node registers); a node that
 * has not caught up by then starts anyway and stays not ready until it has
 * @param pollTimeout how long one read of the log blocks waiting for new entries; capped
 * at half the Redis command timeout, which would otherwise cut the read short
 * @param batchSize the most entries read from the log at once
 * @param retryMaxBackoff the longest wait between two attempts to read the log while
 * Redis is unreachable
 * @param retain about how many of the newest entries the log keeps (Redis trims whole
 * stream nodes, so up to a hundred more): older ones are covered by the snapshot that
 * every append updates, so Redis memory and a starting node's replay are bounded by the
 * catalog's size, not by the number of writes; a node further behind than this reloads
 * the snapshot
 */
@Validated
@ConfigurationProperties("node.catalog")
public record CatalogProperties(@NotBlank @DefaultValue("switchyard:catalog") String stream,
		@NotNull @DurationMin(millis = 1) @DurationMax(seconds = 30) @DefaultValue("2s") Duration maxWait,
		@NotNull @DurationMax(minutes = 10) @DefaultValue("10s") Duration startupWait,
		@NotNull @DurationMin(millis = 10) @DurationMax(seconds = 30) @DefaultValue("1s") Duration pollTimeout,
		@Min(1) @Max(10_000) @DefaultValue("500") int batchSize,
		@NotNull @DurationMin(millis = 10) @DurationMax(minutes = 1) @DefaultValue("2s") Duration retryMaxBackoff,
		@Min(10) @Max(10_000_000) @DefaultValue("10000") int retain) {

	/**
	 * Return the Redis hash that holds the catalog as of the log's newest entry.
	 * @return the snapshot's key
	 */
	public String snapshot() {
		return this.stream + ":snapshot";
	}

}
