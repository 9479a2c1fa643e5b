package dev.switchyard.node.catalog;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code catalog} in the readiness group: out of service until this node's copy has
 * caught up with the log since it started. A Redis outage later does not change it: the
 * copy keeps serving reads, which is the point of local copies.
 */
@Component
public class CatalogHealthIndicator implements HealthIndicator {

	private final LocalCatalog catalog;

	CatalogHealthIndicator(LocalCatalog catalog) {
		this.catalog = catalog;
	}

	@Override
	public Health health() {
		Health.Builder builder = this.catalog.isLoaded() ? Health.up() : Health.outOfService();
		return builder.withDetail("version", this.catalog.version()).build();
	}

}
