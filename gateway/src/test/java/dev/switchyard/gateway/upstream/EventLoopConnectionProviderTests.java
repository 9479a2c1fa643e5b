package dev.switchyard.gateway.upstream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

import static org.assertj.core.api.Assertions.assertThat;

class EventLoopConnectionProviderTests {

	private LoopResources loops;

	private DisposableServer server;

	@BeforeEach
	void start() {
		this.loops = LoopResources.create("test-loop", 2, true);
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.runOn(this.loops)
			.handle((request, response) -> response.sendString(Mono.just("ok")))
			.bindNow();
	}

	@AfterEach
	void stop() {
		this.server.disposeNow();
		this.loops.disposeLater().block(Duration.ofSeconds(5));
	}

	@Test
	void shouldSendEachRequestOverAConnectionOfTheEventLoopItCameFrom() throws Exception {
		EventLoopConnectionProvider provider = new EventLoopConnectionProvider(ConnectionProvider.create("test", 50));
		HttpClient client = HttpClient.create(provider).runOn(this.loops);

		List<EventExecutor> callers = new ArrayList<>();
		List<EventExecutor> connections = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			for (EventExecutor caller : eventLoops()) {
				callers.add(caller);
				connections.add(connectionLoopOf(client, caller));
			}
		}

		assertThat(connections).containsExactlyElementsOf(callers);
		provider.disposeLater().block(Duration.ofSeconds(5));
	}

	@Test
	void shouldKeepOnePoolPerEventLoopAndTheSharedOneElsewhere() throws Exception {
		ConnectionProvider shared = ConnectionProvider.create("test", 50);
		EventLoopConnectionProvider provider = new EventLoopConnectionProvider(shared);
		HttpClient client = HttpClient.create(provider).runOn(this.loops);
		List<EventExecutor> loops = eventLoops();

		ConnectionProvider first = onLoop(loops.get(0), () -> provider.poolFor(client.configuration()));
		ConnectionProvider firstAgain = onLoop(loops.get(0), () -> provider.poolFor(client.configuration()));
		ConnectionProvider second = onLoop(loops.get(1), () -> provider.poolFor(client.configuration()));
		ConnectionProvider outside = provider.poolFor(client.configuration());

		assertThat(first).isSameAs(firstAgain).isNotSameAs(second).isNotSameAs(shared);
		assertThat(second).isNotSameAs(shared);
		assertThat(outside).isSameAs(shared);
		provider.disposeLater().block(Duration.ofSeconds(5));
		assertThat(first.isDisposed()).isTrue();
		assertThat(second.isDisposed()).isTrue();
	}

	@Test
	void shouldShareAFixedPoolsLimitOutBetweenTheEventLoops() throws Exception {
		EventLoopConnectionProvider provider = new EventLoopConnectionProvider(
				ConnectionProvider.builder("fixed").maxConnections(9).build());
		HttpClient client = HttpClient.create(provider).runOn(this.loops);

		ConnectionProvider pool = onLoop(eventLoops().get(1), () -> provider.poolFor(client.configuration()));

		assertThat(pool.maxConnections()).isEqualTo(5);
		provider.disposeLater().block(Duration.ofSeconds(5));
	}

	private List<EventExecutor> eventLoops() {
		EventLoopGroup group = this.loops.onClient(true);
		List<EventExecutor> executors = new ArrayList<>();
		group.forEach(executors::add);
		assertThat(executors).hasSize(2);
		return executors;
	}

	private EventLoop connectionLoopOf(HttpClient client, EventExecutor caller) throws Exception {
		CompletableFuture<EventLoop> loop = new CompletableFuture<>();
		caller.execute(() -> client.get()
			.uri("http://127.0.0.1:" + this.server.port() + "/")
			.responseConnection((response,
					connection) -> connection.inbound().receive().then(Mono.just(connection.channel().eventLoop())))
			.next()
			.subscribe(loop::complete, loop::completeExceptionally));
		return loop.get(5, TimeUnit.SECONDS);
	}

	private static <T> T onLoop(EventExecutor loop, java.util.concurrent.Callable<T> task) throws Exception {
		return loop.submit(task).get(5, TimeUnit.SECONDS);
	}

}
