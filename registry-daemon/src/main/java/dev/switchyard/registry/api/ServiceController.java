package dev.switchyard.registry.api;

import java.time.Duration;

import dev.switchyard.registry.instance.CatalogSnapshot;
import dev.switchyard.registry.instance.InstanceStore;
import dev.switchyard.registry.instance.ServiceSnapshot;
import jakarta.validation.constraints.PositiveOrZero;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * Reads of the registry, open to everyone, with Consul-style blocking queries: given
 * {@code index}, the answer waits until something changes after that index or
 * {@code wait} passes, without holding a thread meanwhile.
 */
@RestController
@RequestMapping("/v1/services")
class ServiceController {

	/**
	 * The header that carries the index of an answer.
	 */
	static final String INDEX_HEADER = "X-Registry-Index";

	private final InstanceStore store;

	private final BlockingQueries queries;

	ServiceController(InstanceStore store, BlockingQueries queries) {
		this.store = store;
		this.queries = queries;
	}

	@GetMapping
	@Parameter(name = "index", in = ParameterIn.QUERY, example = "42",
			schema = @Schema(type = "integer", format = "int64", minimum = "0"),
			description = "Blocking query: answer as soon as the index exceeds this one, or after wait")
	@Parameter(name = "wait", in = ParameterIn.QUERY, example = "30s", schema = @Schema(type = "string"),
			description = "How long a blocking query waits at most (such as 30s or 2m; default and maximum configured)")
	ResponseEntity<CatalogSnapshot> catalog() {
		CatalogSnapshot catalog = this.store.catalog();
		return ResponseEntity.ok().header(INDEX_HEADER, Long.toString(catalog.index())).body(catalog);
	}

	// described by the plain read, whose parameters they add
	@Operation(hidden = true)
	@GetMapping(params = "index")
	DeferredResult<ResponseEntity<CatalogSnapshot>> awaitCatalog(@RequestParam @PositiveOrZero long index,
			@RequestParam(required = false) String wait) {
		Duration timeout = this.queries.parseWait(wait);
		return this.queries.await(this.store.awaitAnyChange(index), timeout, this::catalog);
	}

	@GetMapping("/{service}")
	@Parameter(name = "index", in = ParameterIn.QUERY, example = "42",
			schema = @Schema(type = "integer", format = "int64", minimum = "0"),
			description = "Blocking query: answer as soon as the index exceeds this one, or after wait")
	@Parameter(name = "wait", in = ParameterIn.QUERY, example = "30s", schema = @Schema(type = "string"),
			description = "How long a blocking query waits at most (such as 30s or 2m; default and maximum configured)")
	ResponseEntity<ServiceSnapshot> service(@PathVariable @ServiceName String service) {
		ServiceSnapshot snapshot = this.store.service(service);
		return ResponseEntity.ok().header(INDEX_HEADER, Long.toString(snapshot.index())).body(snapshot);
	}

	// described by the plain read, whose parameters they add
	@Operation(hidden = true)
	@GetMapping(path = "/{service}", params = "index")
	DeferredResult<ResponseEntity<ServiceSnapshot>> awaitService(@PathVariable @ServiceName String service,
			@RequestParam @PositiveOrZero long index, @RequestParam(required = false) String wait) {
		Duration timeout = this.queries.parseWait(wait);
		return this.queries.await(this.store.awaitChange(service, index), timeout, () -> service(service));
	}

}
