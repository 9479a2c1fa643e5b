package dev.switchyard.gateway.limits;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import dev.switchyard.web.ratelimit.RateLimits;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The limits per client address on the public route (the client as
 * {@code gateway.balancer.trusted-proxies} let the gateway see it). A request beyond them
 * is answered 429 problem+json with {@code Retry-After} and reaches no node.
 *
 * @param catalogWrites the writes to {@code /api/catalog/**} ({@code PUT}, {@code POST},
 * {@code PATCH}, {@code DELETE}) an address may send: each one lands in every node's
 * memory and in the log
 * @param workCpu the milliseconds of CPU an address may ask of {@code /api/work}: a
 * request costs its {@code cpuMs}
 * @param maxClients how many addresses each limit tracks at most (the least recently seen
 * are forgotten first)
 */
@Validated
@ConfigurationProperties("gateway.client-limits")
public record ClientLimitsProperties(@Valid @NotNull @DefaultValue CatalogWrites catalogWrites,
		@Valid @NotNull @DefaultValue WorkCpu workCpu,
		@Min(1) @Max(10_000_000) @DefaultValue("100000") int maxClients) {

	/**
	 * Catalog writes per address.
	 *
	 * @param enabled whether the limit applies
	 * @param perSecond the writes an address may send each second on average
	 * @param burst the writes an address may send at once
	 */
	public record CatalogWrites(@DefaultValue("true") boolean enabled, @Min(1) @DefaultValue("100") int perSecond,
			@Min(1) @DefaultValue("500") int burst) {

	}

	/**
	 * CPU of {@code /api/work} per address, in milliseconds asked for.
	 *
	 * @param enabled whether the limit applies
	 * @param msPerSecond the milliseconds of CPU an address may ask for each second on
	 * average
	 * @param burstMs the milliseconds of CPU an address may ask for at once; a request
	 * asking for more costs this much
	 */
	public record WorkCpu(@DefaultValue("true") boolean enabled, @Min(1) @DefaultValue("2000") int msPerSecond,
			@Min(1) @DefaultValue("20000") int burstMs) {

	}

	RateLimits catalogWriteLimits() {
		// no authentication on the public route: the failure bucket is never used
		return new RateLimits(this.catalogWrites.enabled(), this.catalogWrites.perSecond(), this.catalogWrites.burst(),
				1, 1, this.maxClients);
	}

	RateLimits workCpuLimits() {
		return new RateLimits(this.workCpu.enabled(), this.workCpu.msPerSecond(), this.workCpu.burstMs(), 1, 1,
				this.maxClients);
	}

}
