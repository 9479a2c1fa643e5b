package dev.switchyard.registry.api;

import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of a registration.
 *
 * @param host the host name or IP literal the instance listens on
 * @param port the port it listens on
 * @param metadata its metadata, may be omitted
 * @param ttlSeconds its lease time to live, {@code registry.lease.default-ttl} when
 * omitted
 */
@Schema(example = "{\"host\":\"127.0.0.1\",\"port\":9001,\"metadata\":{\"weight\":\"2\",\"zone\":\"a\"},\"ttlSeconds\":10}")
public record RegistrationRequest(@NotNull(message = "is required") @ValidHost String host,
		@NotNull(message = "is required") @Min(value = 1, message = "must be between 1 and 65535") @Max(value = 65535,
				message = "must be between 1 and 65535") Integer port,
		@ValidMetadata Map<String, String> metadata,
		@Min(value = 1, message = "must be between 1 and 3600") @Max(value = 3600,
				message = "must be between 1 and 3600") Integer ttlSeconds) {

}
