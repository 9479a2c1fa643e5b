package dev.switchyard.gateway.upstream;

import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.netty.channel.EventLoopGroup;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.EventExecutor;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.ConnectionObserver;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.transport.TransportConfig;

/**
 * A connection pool per event loop, as Envoy keeps one per worker thread: a request that
 * arrived on an event loop is sent over a connection of that loop's own pool, created on
 * that loop, so that the request, the instance's answer and the answer to the client are
 * all handled by one thread.
 * <p>
 * With one pool for all loops, which is what Reactor Netty does, a request that arrived
 * on one loop is mostly sent over a connection that lives on another: every request then
 * crosses threads twice (a task queued and a loop woken up each way), which on a machine
 * with few cores costs more than the rest of the proxying. Acquisitions made outside the
 * event loops (tests, blocking code) use the pool this provider was built from.
 */
public class EventLoopConnectionProvider implements ConnectionProvider {

	private final ConnectionProvider shared;

	private final Map<EventExecutor, ConnectionProvider> pools = new ConcurrentHashMap<>();

	/**
	 * Create a provider whose per-loop pools are copies of a pool.
	 * @param shared the pool to copy, used as it is outside the event loops
	 */
	public EventLoopConnectionProvider(ConnectionProvider shared) {
		this.shared = shared;
	}

	@Override
	public Mono<? extends Connection> acquire(TransportConfig config, ConnectionObserver connectionObserver,
			@Nullable Supplier<? extends SocketAddress> remoteAddress,
			@Nullable AddressResolverGroup<?> resolverGroup) {
		return poolFor(config).acquire(config, connectionObserver, remoteAddress, resolverGroup);
	}

	/**
	 * Return the pool of the event loop this thread runs, or the shared pool when it runs
	 * none of the client's loops.
	 * @param config the client's configuration, which knows its event loops
	 * @return the pool to acquire from
	 */
	ConnectionProvider poolFor(TransportConfig config) {
		EventLoopGroup loops = config.loopResources().onClient(config.isPreferNative());
		int count = 0;
		EventExecutor current = null;
		for (EventExecutor loop : loops) {
			count++;
			if (current == null && loop.inEventLoop()) {
				current = loop;
			}
		}
		if (current == null) {
			return this.shared;
		}
		ConnectionProvider pool = this.pools.get(current);
		if (pool == null) {
			pool = this.pools.computeIfAbsent(current, newPool(count));
		}
		return pool;
	}

	private java.util.function.Function<EventExecutor, ConnectionProvider> newPool(int loops) {
		return (loop) -> {
			Builder copy = this.shared.mutate();
			if (copy == null) {
				// no pooling (pool type DISABLED): nothing to keep per loop
				return this.shared;
			}
			int max = this.shared.maxConnections();
			if (max > 0 && max < Integer.MAX_VALUE) {
				// a fixed pool's limit is shared out between the loops
				copy.maxConnections(Math.max(1, (max + loops - 1) / loops));
			}
			return copy.name(this.shared.name() + "-" + this.pools.size()).build();
		};
	}

	@Override
	public void disposeWhen(SocketAddress remoteAddress) {
		this.shared.disposeWhen(remoteAddress);
		this.pools.values().forEach((pool) -> pool.disposeWhen(remoteAddress));
	}

	@Override
	public Mono<Void> disposeLater() {
		List<Mono<Void>> disposals = new ArrayList<>();
		disposals.add(this.shared.disposeLater());
		this.pools.values()
			.stream()
			.filter((pool) -> pool != this.shared)
			.forEach((pool) -> disposals.add(pool.disposeLater()));
		return Mono.when(disposals);
	}

	@Override
	public boolean isDisposed() {
		return this.shared.isDisposed();
	}

	@Override
	public int maxConnections() {
		return this.shared.maxConnections();
	}

	@Override
	public @Nullable Map<SocketAddress, Integer> maxConnectionsPerHost() {
		return this.shared.maxConnectionsPerHost();
	}

	@Override
	public @Nullable Builder mutate() {
		return this.shared.mutate();
	}

	@Override
	public @Nullable String name() {
		return this.shared.name();
	}

}
