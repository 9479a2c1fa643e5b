package dev.switchyard.gateway.shutdown;

import java.net.StandardSocketOptions;

import io.netty.channel.ChannelOption;
import io.netty.channel.socket.nio.NioChannelOption;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Binds the server with {@code SO_REUSEPORT}, as nginx's binary upgrade shares its
 * listening socket: a successor binds the same port while this process still listens, and
 * the kernel spreads new connections over both until this one closes its socket. With NIO
 * (the gateway ships no native transport) the option is the JDK's, which Linux and the
 * BSDs support; should Netty's native epoll transport be added, it is epoll's.
 */
public class ReusePortCustomizer implements NettyServerCustomizer {

	private static final String EPOLL = "io.netty.channel.epoll.Epoll";

	private static final String EPOLL_OPTION = "io.netty.channel.epoll.EpollChannelOption";

	@Override
	@SuppressWarnings("unchecked")
	public HttpServer apply(HttpServer server) {
		if (epollInUse()) {
			Class<?> options = ClassUtils.resolveClassName(EPOLL_OPTION, getClass().getClassLoader());
			ChannelOption<Boolean> reusePort = (ChannelOption<Boolean>) ReflectionUtils
				.getField(ReflectionUtils.findField(options, "SO_REUSEPORT"), null);
			return server.option(reusePort, true);
		}
		return server.option(NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT), true);
	}

	private boolean epollInUse() {
		ClassLoader loader = getClass().getClassLoader();
		if (!ClassUtils.isPresent(EPOLL, loader)) {
			return false;
		}
		try {
			Object available = ClassUtils.resolveClassName(EPOLL, loader).getMethod("isAvailable").invoke(null);
			return Boolean.TRUE.equals(available);
		}
		catch (ReflectiveOperationException | LinkageError ex) {
			return false;
		}
	}

}
