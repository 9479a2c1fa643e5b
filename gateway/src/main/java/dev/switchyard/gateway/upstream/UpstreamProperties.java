package dev.switchyard.gateway.upstream;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the gateway keeps its connections to the instances; the pool itself is configured
 * by {@code spring.cloud.gateway.server.webflux.httpclient.pool.*}.
 *
 * @param poolPerEventLoop whether each event loop keeps a pool of its own, so that a
 * request and its answers stay on one thread; off, one pool serves every loop, as in
 * Spring Cloud Gateway
 * @param disposeInactivePoolsAfter how long the pool of one instance's address may stay
 * without connections and without use before it is disposed (checked as often): Reactor
 * Netty keeps a pool per address, and instances that left (every pod of every rollout)
 * would otherwise keep theirs for the life of the gateway; {@code 0} keeps them
 * @param responseTimeout how long an instance may take to start its answer once the
 * request is sent, and then between two reads of it, before the attempt fails with a 504
 * (not retried); timed on the connection's own event loop (Reactor Netty's
 * {@code responseTimeout}), where Spring Cloud Gateway's
 * {@code spring.cloud.gateway.server.webflux.httpclient.response-timeout} adds a Reactor
 * timer on another thread to every request (a route's {@code response-timeout} metadata
 * still does so for that route); {@code 0} waits for ever
 */
@ConfigurationProperties("gateway.upstream")
public record UpstreamProperties(@DefaultValue("true") boolean poolPerEventLoop,
		@DefaultValue("1m") Duration disposeInactivePoolsAfter, @DefaultValue("30s") Duration responseTimeout) {

}
