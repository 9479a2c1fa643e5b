package dev.switchyard.node.local;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Bounds on the state this node keeps in its own memory.
 *
 * @param maxSessions the most sessions whose counters are kept; the least recently used
 * is forgotten first
 */
@Validated
@ConfigurationProperties("node.local")
public record LocalCounterProperties(@Min(1) @DefaultValue("100000") int maxSessions) {

}
