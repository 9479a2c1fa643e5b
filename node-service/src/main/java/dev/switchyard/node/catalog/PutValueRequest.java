package dev.switchyard.node.catalog;

import jakarta.validation.constraints.NotNull;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of {@code PUT /api/catalog/{key}}.
 *
 * @param value the value, a string of at most 4 KiB in UTF-8
 */
@Schema(example = "{\"value\":\"green\"}")
public record PutValueRequest(@NotNull @MaxUtf8Bytes(PutValueRequest.MAX_VALUE_BYTES) String value) {

	/**
	 * The largest value, in UTF-8 bytes.
	 */
	public static final int MAX_VALUE_BYTES = 4096;

}
