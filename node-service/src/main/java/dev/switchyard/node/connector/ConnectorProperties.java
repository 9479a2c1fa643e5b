package dev.switchyard.node.connector;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Tomcat's connector ({@code NODE_CONNECTOR}).
 *
 * @param connector {@code nio} or {@code nio2}
 */
@Validated
@ConfigurationProperties("node")
public record ConnectorProperties(@NotNull @DefaultValue("nio") Connector connector) {

}
