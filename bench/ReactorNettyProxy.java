import java.util.concurrent.atomic.AtomicInteger;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;

import dev.switchyard.gateway.upstream.EventLoopConnectionProvider;

/**
 * bench/ReactorNettyProxy.java — the floor under the gateway: a round-robin proxy of a dozen
 * lines on the same Reactor Netty server, HTTP client and per-event-loop connection pools
 * as the gateway, with none of Spring (no WebFlux exchange, no route lookup, no filter chain,
 * no load balancer, no metrics). bench/proxy-overhead runs it next to the gateway and nginx:
 * whatever the gateway costs above it is Spring Cloud Gateway and Switchyard.
 *
 *   java -cp 'BOOT-INF/lib/*:BOOT-INF/classes' bench/ReactorNettyProxy.java PORT HOST:PORT[,HOST:PORT...]
 */
public class ReactorNettyProxy {

	public static void main(String[] args) {
		int port = Integer.parseInt(args[0]);
		String[] upstreams = args[1].split(",");
		AtomicInteger next = new AtomicInteger();
		HttpClient client = HttpClient.create(new EventLoopConnectionProvider(ConnectionProvider.create("bench", 500)));
		DisposableServer server = HttpServer.create().host("127.0.0.1").port(port).handle((request, response) -> {
			String upstream = upstreams[Math.floorMod(next.getAndIncrement(), upstreams.length)];
			return client.headers((headers) -> headers.set(request.requestHeaders()).remove(HttpHeaderNames.HOST))
				.request(request.method())
				.uri("http://" + upstream + request.uri())
				.send(request.receive().retain())
				.responseSingle((answer, body) -> body.retain().defaultIfEmpty(Unpooled.EMPTY_BUFFER).flatMap((bytes) -> {
					response.status(answer.status()).headers(answer.responseHeaders());
					return response.send(Mono.just(bytes)).then();
				}));
		}).bindNow();
		System.out.println("listening on " + server.port());
		server.onDispose().block();
	}

}
