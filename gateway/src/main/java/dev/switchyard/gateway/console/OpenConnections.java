package dev.switchyard.gateway.console;

import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;

/**
 * Counts the client connections open on this gateway's server, as HAProxy's stats page
 * shows its current sessions: one more when a channel is set up, one less when it closes.
 */
public class OpenConnections {

	private final AtomicInteger open = new AtomicInteger();

	/**
	 * Return the customizer that counts the server's connections.
	 * @return the customizer
	 */
	public NettyServerCustomizer customizer() {
		return (server) -> server.doOnChannelInit((observer, channel, address) -> {
			this.open.incrementAndGet();
			channel.closeFuture().addListener((future) -> this.open.decrementAndGet());
		});
	}

	/**
	 * Return how many client connections are open now.
	 * @return the open connections
	 */
	public int count() {
		return this.open.get();
	}

}
