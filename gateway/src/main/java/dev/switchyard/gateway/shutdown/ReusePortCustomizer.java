package dev.switchyard.gateway.shutdown;

import dev.switchyard.gateway.transport.Transport;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;

/**
 * Binds the server with {@code SO_REUSEPORT}, as nginx's binary upgrade shares its
 * listening socket: a successor binds the same port while this process still listens, and
 * the kernel spreads new connections over both until this one closes its socket. The
 * option is the transport's ({@code gateway.transport}): the JDK's for NIO, epoll's or
 * io_uring's for the native ones, each of which ignores the others'.
 */
public class ReusePortCustomizer implements NettyServerCustomizer {

	private final Transport transport;

	/**
	 * Create the customizer.
	 * @param transport the transport the server runs on
	 */
	public ReusePortCustomizer(Transport transport) {
		this.transport = transport;
	}

	@Override
	public HttpServer apply(HttpServer server) {
		return server.option(this.transport.reusePort(), true);
	}

}
