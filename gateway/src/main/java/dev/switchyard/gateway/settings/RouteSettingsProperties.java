package dev.switchyard.gateway.settings;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the route settings the admin API changes are kept.
 *
 * @param store {@code registry}: in the registry's key/value store, shared by every
 * gateway of the cluster and kept across their restarts; {@code local}: in this gateway's
 * memory (a single gateway without a registry)
 * @param keyPrefix the keys' prefix, each route's settings under
 * {@code <prefix><routeId>}
 * @param initialTimeout how long a starting gateway waits for the stored settings before
 * it goes on with its configured ones
 * @param applyTimeout how long a {@code PUT} waits for the write to come back through
 * this gateway's watch, so that its answer is what is in force
 */
@Validated
@ConfigurationProperties("gateway.settings")
public record RouteSettingsProperties(@NotNull @DefaultValue("registry") Store store,
		@NotNull @Pattern(regexp = "([A-Za-z0-9._-]+/)+") @DefaultValue("switchyard/gateway/routes/") String keyPrefix,
		@NotNull @DefaultValue("3s") Duration initialTimeout, @NotNull @DefaultValue("2s") Duration applyTimeout) {

	/**
	 * Where the settings are kept.
	 */
	public enum Store {

		/** The registry's key/value store. */
		REGISTRY,

		/** This gateway's memory. */
		LOCAL

	}

}
