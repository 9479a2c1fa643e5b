package dev.switchyard.gateway.balancer;

import java.util.Set;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

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
 */
@Validated
@ConfigurationProperties("gateway.retry")
public record RetryProperties(@Min(0) @Max(10) @DefaultValue("2") int maxRetries, @NotNull @DefaultValue( {
		"502", "503", "504" }) Set<Integer> statuses, @NotNull @DefaultValue("1MB") DataSize maxBodySize){

}
