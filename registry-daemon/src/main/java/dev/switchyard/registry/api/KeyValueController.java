package dev.switchyard.registry.api;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.switchyard.registry.kv.KeyValueEntry;
import dev.switchyard.registry.kv.KeyValueProperties;
import dev.switchyard.registry.kv.KeyValueStore;
import dev.switchyard.web.bodylimit.PayloadTooLargeException;
import jakarta.validation.constraints.PositiveOrZero;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * {@code /v1/kv}: a small versioned key/value store in the manner of Consul's KV, read by
 * everyone with blocking queries, written with the registry's token (as every write under
 * {@code /v1}), optionally with {@code ?cas=} (compare and set on the key's
 * {@code modifyIndex}).
 */
@RestController
@RequestMapping("/v1/kv")
class KeyValueController {

	private final KeyValueStore store;

	private final KeyValueProperties properties;

	private final BlockingQueries queries;

	KeyValueController(KeyValueStore store, KeyValueProperties properties, BlockingQueries queries) {
		this.store = store;
		this.properties = properties;
		this.queries = queries;
	}

	@GetMapping("/{*key}")
	@Parameter(name = "recurse", in = ParameterIn.QUERY, schema = @Schema(type = "boolean"),
			description = "Present: every entry under the key, as a list")
	@Parameter(name = "index", in = ParameterIn.QUERY, example = "42",
			schema = @Schema(type = "integer", format = "int64", minimum = "0"),
			description = "Blocking query: answer as soon as the key (or prefix) changes after this index, or after wait")
	@Parameter(name = "wait", in = ParameterIn.QUERY, example = "30s", schema = @Schema(type = "string"),
			description = "How long a blocking query waits at most")
	ResponseEntity<Object> read(@PathVariable String key) {
		String path = key(key);
		return get(path);
	}

	// described by the plain read, whose parameters they add
	@Operation(hidden = true)
	@GetMapping(path = "/{*key}", params = "index")
	DeferredResult<ResponseEntity<Object>> awaitKey(@PathVariable String key, @RequestParam @PositiveOrZero long index,
			@RequestParam(required = false) String wait) {
		String path = key(key);
		Duration timeout = this.queries.parseWait(wait);
		return this.queries.await(this.store.awaitKey(path, index), timeout, () -> get(path));
	}

	// described by the plain read, whose parameters they add
	@Operation(hidden = true)
	@GetMapping(path = "/{*key}", params = "recurse")
	ResponseEntity<List<KeyValueEntry>> readPrefix(@PathVariable String key) {
		return list(prefix(key));
	}

	// described by the plain read, whose parameters they add
	@Operation(hidden = true)
	@GetMapping(path = "/{*key}", params = { "recurse", "index" })
	DeferredResult<ResponseEntity<List<KeyValueEntry>>> awaitList(@PathVariable String key,
			@RequestParam @PositiveOrZero long index, @RequestParam(required = false) String wait) {
		String prefix = prefix(key);
		Duration timeout = this.queries.parseWait(wait);
		return this.queries.await(this.store.awaitPrefix(prefix, index), timeout, () -> list(prefix));
	}

	@PutMapping("/{*key}")
	ResponseEntity<KeyValueEntry> write(@PathVariable String key,
			@io.swagger.v3.oas.annotations.parameters.RequestBody(
					description = "The value, UTF-8 text of any content type",
					content = @Content(mediaType = "*/*", schema = @Schema(type = "string"))) @RequestBody(
							required = false) byte[] body,
			@RequestParam(required = false) @PositiveOrZero Long cas) {
		String path = key(key);
		byte[] value = (body != null) ? body : new byte[0];
		if (value.length > this.properties.maxValueSize().toBytes()) {
			throw new PayloadTooLargeException(this.properties.maxValueSize().toBytes());
		}
		KeyValueEntry entry = this.store.put(path, utf8(value), cas);
		return ResponseEntity.ok()
			.header(ServiceController.INDEX_HEADER, Long.toString(entry.modifyIndex()))
			.body(entry);
	}

	@DeleteMapping("/{*key}")
	@ApiResponse(responseCode = "204", description = "Deleted")
	ResponseEntity<Void> delete(@PathVariable String key, @RequestParam(required = false) @PositiveOrZero Long cas) {
		String path = key(key);
		this.store.delete(path, cas);
		return ResponseEntity.noContent().build();
	}

	private ResponseEntity<Object> get(String key) {
		KeyValueStore.Read<Optional<KeyValueEntry>> read = this.store.get(key);
		String index = Long.toString(read.index());
		if (read.value().isPresent()) {
			return ResponseEntity.ok().header(ServiceController.INDEX_HEADER, index).body(read.value().get());
		}
		// a key that does not exist (yet) still gets the index a blocking query waits
		// past
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No key " + key);
		return ResponseEntity.status(HttpStatus.NOT_FOUND)
			.header(ServiceController.INDEX_HEADER, index)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

	private ResponseEntity<List<KeyValueEntry>> list(String prefix) {
		KeyValueStore.Read<List<KeyValueEntry>> read = this.store.list(prefix);
		return ResponseEntity.ok()
			.header(ServiceController.INDEX_HEADER, Long.toString(read.index()))
			.body(read.value());
	}

	private static String key(String captured) {
		String key = stripSlash(captured);
		if (!KeyValueStore.isValidKey(key)) {
			throw new InvalidRequestException("key", "'" + abbreviate(key)
					+ "' is not a key: segments of letters, digits, '.', '_' and '-' separated by '/', at most 256 characters");
		}
		return key;
	}

	private static String prefix(String captured) {
		String prefix = stripSlash(captured);
		if (!KeyValueStore.isValidPrefix(prefix)) {
			throw new InvalidRequestException("key", "'" + abbreviate(prefix) + "' is not a key prefix");
		}
		return prefix;
	}

	private static String stripSlash(String key) {
		return (key == null || key.isEmpty()) ? "" : key.substring(1);
	}

	private static String utf8(byte[] value) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(value))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new InvalidRequestException("value", "the value is not UTF-8 text");
		}
	}

	private static String abbreviate(String value) {
		return (value.length() > 64) ? value.substring(0, 64) + "..." : value;
	}

}
