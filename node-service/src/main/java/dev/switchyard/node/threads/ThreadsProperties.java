package dev.switchyard.node.threads;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Which threads serve requests ({@code NODE_THREADS}); applied to Spring Boot by
 * {@link ThreadModelEnvironmentPostProcessor}.
 *
 * @param threads {@code platform}, {@code virtual} or {@code iterative}
 */
@Validated
@ConfigurationProperties("node")
public record ThreadsProperties(@NotNull @DefaultValue("virtual") ThreadModel threads) {

}
