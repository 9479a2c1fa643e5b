package dev.switchyard.gateway.transport;

import java.net.StandardSocketOptions;
import java.util.List;
import java.util.Locale;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;

/**
 * How the gateway's event loops wait for I/O: the chapter's multiplexed I/O (a readiness
 * selector, the JDK's or epoll) or its asynchronous I/O (io_uring, where the kernel
 * completes the operation and reports it done).
 */
public enum Transport {

	/**
	 * The JDK's selector ({@code java.nio}, epoll underneath on Linux): readiness, then a
	 * read or write system call per socket.
	 */
	NIO {
		@Override
		IoHandlerFactory ioHandlerFactory() {
			return NioIoHandler.newFactory();
		}

		@Override
		void ensureAvailable() {
			// always there
		}

		@Override
		public ChannelOption<Boolean> reusePort() {
			return NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT);
		}

		@Override
		Class<? extends Channel> channelClass(Class<? extends Channel> type) {
			return pick(type, NioSocketChannel.class, NioServerSocketChannel.class, NioDatagramChannel.class);
		}
	},

	/**
	 * Netty's native epoll transport: readiness as with NIO, without the JDK's selector
	 * in between (edge-triggered, fewer copies and allocations).
	 */
	EPOLL {
		@Override
		IoHandlerFactory ioHandlerFactory() {
			return EpollIoHandler.newFactory();
		}

		@Override
		void ensureAvailable() {
			Epoll.ensureAvailability();
		}

		@Override
		public ChannelOption<Boolean> reusePort() {
			return EpollChannelOption.SO_REUSEPORT;
		}

		@Override
		Class<? extends Channel> channelClass(Class<? extends Channel> type) {
			return pick(type, EpollSocketChannel.class, EpollServerSocketChannel.class, EpollDatagramChannel.class);
		}
	},

	/**
	 * Netty's io_uring transport: operations are submitted to a ring and the kernel posts
	 * their completions to another; no readiness step.
	 */
	IO_URING {
		@Override
		IoHandlerFactory ioHandlerFactory() {
			return IoUringIoHandler.newFactory();
		}

		@Override
		void ensureAvailable() {
			IoUring.ensureAvailability();
		}

		@Override
		public ChannelOption<Boolean> reusePort() {
			return IoUringChannelOption.SO_REUSEPORT;
		}

		@Override
		Class<? extends Channel> channelClass(Class<? extends Channel> type) {
			return pick(type, IoUringSocketChannel.class, IoUringServerSocketChannel.class,
					IoUringDatagramChannel.class);
		}
	};

	/**
	 * Return the transport Reactor Netty's global resources run on in the gateway: epoll,
	 * or NIO where epoll cannot run. Never io_uring, which Reactor Netty itself would
	 * prefer as soon as its classes and native library are on the class path.
	 * @return {@link #EPOLL} when available, else {@link #NIO}
	 */
	public static Transport defaultTransport() {
		return Epoll.isAvailable() ? EPOLL : NIO;
	}

	/**
	 * Return the transport of a channel.
	 * @param channel a channel
	 * @return its transport
	 * @throws IllegalArgumentException if it is none of these transports' channels
	 */
	public static Transport of(Channel channel) {
		for (Transport transport : values()) {
			for (Class<? extends Channel> type : List.of(SocketChannel.class, ServerSocketChannel.class,
					DatagramChannel.class)) {
				if (transport.channelClass(type).isInstance(channel)) {
					return transport;
				}
			}
		}
		throw new IllegalArgumentException("Not a channel of any transport: " + channel.getClass().getName());
	}

	/**
	 * Return whether this transport can run here.
	 * @return whether {@link #ensureAvailable()} passes
	 */
	public boolean isAvailable() {
		try {
			ensureAvailable();
			return true;
		}
		catch (Throwable ex) {
			return false;
		}
	}

	abstract IoHandlerFactory ioHandlerFactory();

	/**
	 * Throw when this transport cannot run here (no native library, a kernel that refuses
	 * it), with the reason as the cause.
	 */
	abstract void ensureAvailable();

	/**
	 * Return the channel option that sets {@code SO_REUSEPORT} on this transport's
	 * sockets.
	 * @return the option
	 */
	public abstract ChannelOption<Boolean> reusePort();

	abstract Class<? extends Channel> channelClass(Class<? extends Channel> type);

	/**
	 * Return the name as {@code gateway.transport} spells it.
	 * @return {@code nio}, {@code epoll} or {@code io_uring}
	 */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	private static Class<? extends Channel> pick(Class<? extends Channel> type, Class<? extends Channel> socket,
			Class<? extends Channel> serverSocket, Class<? extends Channel> datagram) {
		if (type == SocketChannel.class) {
			return socket;
		}
		if (type == ServerSocketChannel.class) {
			return serverSocket;
		}
		if (type == DatagramChannel.class) {
			return datagram;
		}
		throw new IllegalArgumentException("Unsupported channel type: " + type.getSimpleName());
	}

}
