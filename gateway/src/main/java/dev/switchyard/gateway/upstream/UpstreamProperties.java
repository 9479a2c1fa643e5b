package dev.switchyard.gateway.upstream;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the gateway keeps its connections to the instances; the pool itself is configured
 * by {@code spring.cloud.gateway.server.webflux.httpclient.pool.*}.
 *
 * @param poolPerEventLoop whether each event loop keeps a pool of its own, so that a
 * request and its answers stay on one thread; off, one pool serves every loop, as in
 * Spring Cloud Gateway
 */
@ConfigurationProperties("gateway.upstream")
public record UpstreamProperties(@DefaultValue("true") boolean poolPerEventLoop) {

}
