package dev.switchyard.node.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on what a request may ask of a node.
 *
 * @param maxBodySize largest request body accepted; larger ones get 413 without being
 * read whole
 */
@Validated
@ConfigurationProperties("node.limits")
public record NodeLimitsProperties(@DefaultValue("64KB") DataSize maxBodySize) {

	public NodeLimitsProperties {
		if (maxBodySize.toBytes() < 1) {
			throw new IllegalArgumentException("node.limits.max-body-size must be positive");
		}
	}

}
