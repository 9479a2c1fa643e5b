package dev.switchyard.gateway.balancer;

import java.time.Duration;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * When a request is tried again on another instance. A connection that could not be made
 * is always retried; an idempotent request is also retried on the {@code statuses} and on
 * a connection broken before the answer.
 *
 * @param maxRetries the retries after the first attempt, each on an instance not tried
 * yet
 * @param statuses the answers an idempotent request is retried on
 * @param maxBodySize the largest request body kept in memory so that an idempotent
 * request with a body can be sent again; larger bodies are retried only when no
 * connection could be made
 * @param budget how many of the requests may be retries
 * @param hedge the hedge of every idempotent request ({@code GET}, {@code HEAD},
 * {@code OPTIONS}): a second attempt on another instance after a duration such as
 * {@code 50ms} or a percentile of the route's latencies such as {@code p95}; none for no
 * hedging
 */
@Validated
@ConfigurationProperties("gateway.retry")
public record RetryProperties(@Min(0) @Max(10) @DefaultValue("2") int maxRetries, @NotNull @DefaultValue( {
		"502", "503", "504" }) Set<Integer> statuses, @NotNull @DefaultValue("1MB") DataSize maxBodySize,
		@Valid @NotNull @DefaultValue Budget budget, @Nullable String hedge){

	/**
	 * The retry budget of every route (Finagle's and Linkerd's): retries at most
	 * {@code percent} of the requests of the last {@code window}, plus
	 * {@code minPerSecond}.
	 *
	 * @param percent the percentage of requests that may be retries, none for no budget
	 * @param window how far back requests and retries count
	 * @param minPerSecond the retries allowed per second whatever the percentage, so that
	 * a quiet route can still retry
	 */
	public record Budget(@Nullable @DecimalMin("0") @DecimalMax("100") Double percent,
			@NotNull @DefaultValue("10s") Duration window, @DecimalMin("0") @DefaultValue("1") double minPerSecond) {

	}

}
