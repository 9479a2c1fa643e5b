package dev.switchyard.registry.kv;

import java.nio.file.Path;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The key/value store's limits and where it keeps its state.
 *
 * @param file where the keys are written after each change and read at startup, so that
 * they survive a restart of the daemon; in memory only when empty
 * @param maxValueSize the largest value accepted; larger ones get 413
 * @param maxKeys how many keys the store holds at most; a new key beyond gets 507
 */
@Validated
@ConfigurationProperties("registry.kv")
public record KeyValueProperties(@Nullable Path file, @DefaultValue("16KB") DataSize maxValueSize,
		@Min(1) @Max(100_000) @DefaultValue("1000") int maxKeys) {

	public KeyValueProperties {
		if (maxValueSize.toBytes() < 1) {
			throw new IllegalArgumentException("registry.kv.max-value-size must be positive");
		}
	}

}
