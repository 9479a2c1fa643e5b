package dev.switchyard.node.catalog;

import java.time.Duration;

import dev.switchyard.node.identity.NodeIdentity;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;

import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The catalog: reads are answered from this node's copy, writes go to the log and are
 * answered once this node has applied them. {@code ?minVersion=V} (or
 * {@code X-Min-Version: V}) makes a read wait until this node has applied V, for
 * read-your-writes through any node. Every answer carries this node's version in
 * {@code X-Catalog-Version}.
 */
@RestController
@RequestMapping("/api/catalog")
public class CatalogController {

	/**
	 * The request header that asks for a minimum version.
	 */
	public static final String MIN_VERSION_HEADER = "X-Min-Version";

	/**
	 * The response header that gives the version this node has applied.
	 */
	public static final String VERSION_HEADER = "X-Catalog-Version";

	private final NodeIdentity identity;

	private final LocalCatalog catalog;

	private final CatalogLog log;

	private final Duration maxWait;

	CatalogController(NodeIdentity identity, LocalCatalog catalog, CatalogLog log, CatalogProperties properties) {
		this.identity = identity;
		this.catalog = catalog;
		this.log = log;
		this.maxWait = properties.maxWait();
	}

	@GetMapping
	ResponseEntity<CatalogListing> list(@RequestParam(required = false) @Nullable Long minVersion,
			@RequestHeader(name = MIN_VERSION_HEADER, required = false) @Nullable Long minVersionHeader)
			throws InterruptedException {
		awaitReadable(minVersion, minVersionHeader);
		LocalCatalog.Snapshot snapshot = this.catalog.snapshot();
		return ResponseEntity.ok()
			.header(VERSION_HEADER, String.valueOf(snapshot.version()))
			.body(new CatalogListing(this.identity.instanceId(), snapshot.version(), snapshot.entries()));
	}

	/**
	 * Read one entry. The key is captured with its slashes, so that {@code a/b} is
	 * rejected as a key rather than missing as a path.
	 */
	@GetMapping("/{*key}")
	ResponseEntity<CatalogItem> get(@PathVariable("key") String path,
			@RequestParam(required = false) @Nullable Long minVersion,
			@RequestHeader(name = MIN_VERSION_HEADER, required = false) @Nullable Long minVersionHeader)
			throws InterruptedException {
		String key = CatalogProblems.checkKey(path.substring(1));
		awaitReadable(minVersion, minVersionHeader);
		CatalogEntry entry = this.catalog.get(key).orElseThrow(() -> CatalogProblems.notFound(key));
		return ResponseEntity.ok()
			.header(VERSION_HEADER, String.valueOf(this.catalog.version()))
			.body(item(entry.key(), entry.value(), entry.version()));
	}

	/**
	 * Write one entry: 200 once this node has applied the write, 202 if that takes longer
	 * than {@code node.catalog.max-wait} (the write is in the log and will be applied).
	 */
	@PutMapping("/{*key}")
	@ApiResponse(responseCode = "200", description = "Written and applied on this node", useReturnTypeSchema = true)
	@ApiResponse(responseCode = "202", description = "Written, not yet applied on this node",
			useReturnTypeSchema = true)
	ResponseEntity<CatalogItem> put(@PathVariable("key") String path, @Valid @RequestBody PutValueRequest request)
			throws InterruptedException {
		String key = CatalogProblems.checkKey(path.substring(1));
		long version = this.log.append(key, request.value());
		boolean applied = this.catalog.awaitVersion(version, this.maxWait);
		return (applied ? ResponseEntity.ok() : ResponseEntity.accepted())
			.header(VERSION_HEADER, String.valueOf(this.catalog.version()))
			.body(item(key, request.value(), version));
	}

	private void awaitReadable(@Nullable Long minVersion, @Nullable Long minVersionHeader) throws InterruptedException {
		long wanted = Math.max(CatalogProblems.checkMinVersion(minVersion),
				CatalogProblems.checkMinVersion(minVersionHeader));
		if (!this.catalog.isLoaded()) {
			throw CatalogProblems.notLoaded();
		}
		if (!this.catalog.awaitVersion(wanted, this.maxWait)) {
			throw CatalogProblems.versionNotReached(wanted, this.catalog.version(), this.maxWait);
		}
	}

	private CatalogItem item(String key, String value, long version) {
		return new CatalogItem(this.identity.instanceId(), key, value, version);
	}

}
