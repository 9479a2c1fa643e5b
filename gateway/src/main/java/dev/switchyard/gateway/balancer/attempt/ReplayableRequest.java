package dev.switchyard.gateway.balancer.attempt;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;

/**
 * Reads the body of an idempotent request into memory, up to a limit, so that a retry can
 * send it again; a request without a body is replayable as it is.
 */
public final class ReplayableRequest {

	private ReplayableRequest() {
	}

	/**
	 * Make the exchange's request replayable when it can be.
	 * @param exchange the exchange
	 * @param attempts the request's attempts, told whether the body can be sent again
	 * @param maxBodySize the largest body kept in memory
	 * @param retries whether retries are on at all
	 * @return the exchange to forward
	 */
	public static Mono<ServerWebExchange> prepare(ServerWebExchange exchange, Attempts attempts, long maxBodySize,
			boolean retries) {
		ServerHttpRequest request = exchange.getRequest();
		HttpHeaders headers = request.getHeaders();
		long length = headers.getContentLength();
		if (length <= 0 && !headers.containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
			attempts.replayableBody();
			return Mono.just(exchange);
		}
		if (!attempts.idempotent() || !retries || length < 0 || length > maxBodySize) {
			// still retried when no connection could be made: the body was not read
			return Mono.just(exchange);
		}
		return DataBufferUtils.join(request.getBody(), (int) maxBodySize).map((buffer) -> {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			DataBufferUtils.release(buffer);
			return bytes;
		}).defaultIfEmpty(new byte[0]).map((bytes) -> {
			attempts.replayableBody();
			return exchange.mutate().request(new CachedBodyRequest(request, bytes)).build();
		});
	}

	/**
	 * A request whose body was read into memory, so that it can be sent again.
	 */
	private static final class CachedBodyRequest extends ServerHttpRequestDecorator {

		private final byte[] body;

		CachedBodyRequest(ServerHttpRequest delegate, byte[] body) {
			super(delegate);
			this.body = body;
		}

		@Override
		public Flux<DataBuffer> getBody() {
			return Flux.defer(() -> Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(this.body)));
		}

	}

}
