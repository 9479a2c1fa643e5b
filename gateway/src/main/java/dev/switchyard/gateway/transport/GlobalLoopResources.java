package dev.switchyard.gateway.transport;

import org.jspecify.annotations.Nullable;
import reactor.netty.http.HttpResources;
import reactor.netty.resources.LoopResources;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Puts Reactor Netty's global resources ({@link HttpResources}, on which
 * {@code HttpClient.create()}, {@code HttpServer.create()} and {@code WebClient.create()}
 * run) on {@link Transport#defaultTransport()}, epoll, before any application context of
 * the process makes a client or a server. Left alone, Reactor Netty prefers io_uring to
 * epoll as soon as io_uring's classes and native library are on the class path, which the
 * gateway ships for {@code gateway.transport=io_uring}: every client and server not given
 * loops of its own (the console's clients, a test's {@code WebTestClient}) would then run
 * on io_uring whatever {@code gateway.transport} says.
 * <p>
 * The gateway on the default transport runs its server and upstream client on these loops
 * too, as it does without {@code gateway.transport}: one group of event loops in the
 * process.
 */
public class GlobalLoopResources implements EnvironmentPostProcessor {

	private static @Nullable TransportLoopResources loops;

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		get();
	}

	/**
	 * Return the global loops, putting them in place of Reactor Netty's defaults on first
	 * use, or again if they were disposed
	 * ({@code HttpResources.disposeLoopsAndConnections}).
	 * @return the loops of {@link HttpResources}
	 */
	public static synchronized TransportLoopResources get() {
		TransportLoopResources current = loops;
		if (current == null || current.isDisposed()) {
			current = new TransportLoopResources(Transport.defaultTransport(), LoopResources.DEFAULT_IO_WORKER_COUNT,
					"reactor-http");
			HttpResources.set(current);
			loops = current;
		}
		return current;
	}

}
