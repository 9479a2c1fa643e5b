package dev.switchyard.gateway.transport;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

/**
 * One group of event loops on one {@link Transport}, which the server and the upstream
 * client share, as Reactor Netty's default resources do: the client's view of the group
 * is colocated, so that a connection is made on the event loop that asks for it, and a
 * request, the instance's answer and the answer to the client are handled by one thread.
 * The channels are this transport's whatever {@code preferNative} asks, so that the
 * choice is made once, here.
 */
public class TransportLoopResources implements LoopResources {

	private final Transport transport;

	private final EventLoopGroup loops;

	private final EventLoopGroup clientLoops;

	private final int threads;

	/**
	 * Create the event loops, or fail when the transport cannot run here.
	 * @param transport the transport
	 * @param threads how many event loops
	 * @param prefix the prefix of the threads' names, followed by the transport's
	 * @throws IllegalStateException when the transport is not available
	 */
	public TransportLoopResources(Transport transport, int threads, String prefix) {
		try {
			transport.ensureAvailable();
		}
		catch (Throwable ex) {
			throw new IllegalStateException(
					"gateway.transport=" + transport.value() + " is not available on this machine (" + ex.getMessage()
							+ "); choose another with gateway.transport (GATEWAY_TRANSPORT): nio, epoll or io_uring",
					ex);
		}
		this.transport = transport;
		this.threads = threads;
		this.loops = new MultiThreadIoEventLoopGroup(threads,
				new DefaultThreadFactory(prefix + "-" + transport.value().replace('_', '-'), true),
				transport.ioHandlerFactory());
		this.clientLoops = LoopResources.colocate(this.loops);
	}

	/**
	 * Return the transport these loops run on.
	 * @return the transport
	 */
	public Transport transport() {
		return this.transport;
	}

	/**
	 * Return how many event loops there are.
	 * @return the count
	 */
	public int threads() {
		return this.threads;
	}

	@Override
	public EventLoopGroup onServer(boolean useNative) {
		return this.loops;
	}

	@Override
	public EventLoopGroup onClient(boolean useNative) {
		return this.clientLoops;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <CHANNEL extends Channel> Class<? extends CHANNEL> onChannelClass(Class<CHANNEL> channelType,
			EventLoopGroup group) {
		return (Class<? extends CHANNEL>) this.transport.channelClass(channelType);
	}

	@Override
	public <CHANNEL extends Channel> CHANNEL onChannel(Class<CHANNEL> channelType, EventLoopGroup group) {
		try {
			return onChannelClass(channelType, group).getDeclaredConstructor().newInstance();
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Cannot create a " + channelType.getSimpleName(), ex);
		}
	}

	@Override
	public boolean daemon() {
		return true;
	}

	@Override
	public boolean isDisposed() {
		return this.loops.isShuttingDown();
	}

	@Override
	public Mono<Void> disposeLater(Duration quietPeriod, Duration timeout) {
		return Mono.defer(() -> {
			Future<?> terminated = this.loops.shutdownGracefully(quietPeriod.toMillis(), timeout.toMillis(),
					TimeUnit.MILLISECONDS);
			return Mono.<Void>create((sink) -> terminated.addListener((done) -> sink.success()));
		});
	}

	@Override
	public Mono<Void> disposeLater() {
		return disposeLater(Duration.ofSeconds(LoopResources.DEFAULT_SHUTDOWN_QUIET_PERIOD),
				Duration.ofSeconds(LoopResources.DEFAULT_SHUTDOWN_TIMEOUT));
	}

	@Override
	public String toString() {
		return "TransportLoopResources[" + this.transport.value() + ", " + this.threads + " event loops]";
	}

}
