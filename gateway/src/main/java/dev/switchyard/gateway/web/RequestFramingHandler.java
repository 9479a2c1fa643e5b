package dev.switchyard.gateway.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;

/**
 * Completes what Netty's HTTP decoder checks of a request's framing (RFC 9112 §6), right
 * behind the codec and before Reactor Netty dispatches the request:
 * <ul>
 * <li>a {@code Transfer-Encoding} other than a single {@code chunked} is rejected: an
 * unknown coding, or {@code chunked} twice, or not last in a way the decoder does not
 * check ({@code chunked} in one field, {@code gzip} in the next), which leave the body's
 * length undetermined (§6.1);</li>
 * <li>a chunked body is held until its last chunk, up to {@link #MAX_HELD_BODY} bytes,
 * before the request is passed on: the decoder finds an invalid chunk size only after it
 * has passed the request's head on, by when the gateway would have begun forwarding
 * it.</li>
 * </ul>
 * A rejected request's decoder result is made a failure, as the decoder does for what it
 * rejects itself, so that Reactor Netty answers 400 and closes the connection; nothing
 * read after it on the connection is passed on.
 */
class RequestFramingHandler extends ChannelInboundHandlerAdapter {

	/** The handler's name in the pipeline. */
	static final String NAME = "switchyard.requestFraming";

	/**
	 * The most bytes of a chunked body held back; a longer body is streamed, and an
	 * invalid chunk after these bytes cuts the forwarded request short instead (the node
	 * sees a chunked body without its last chunk, and a closed connection).
	 */
	static final int MAX_HELD_BODY = 64 * 1024;

	/** Whether a request on this connection was rejected: nothing after it is read. */
	private boolean rejected;

	/** A chunked request's head and the chunks read so far, while it is held. */
	private @Nullable List<Object> held;

	private int heldBytes;

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
		if (this.rejected) {
			ReferenceCountUtil.release(msg);
			return;
		}
		if (this.held != null) {
			hold(ctx, msg);
			return;
		}
		if (msg instanceof HttpRequest request && request.decoderResult().isSuccess()) {
			String problem = problem(request);
			if (problem != null) {
				reject(ctx, request, new RequestFramingException(problem));
				return;
			}
			// with Expect: 100-continue the body comes only once the request is handled
			if (!(msg instanceof FullHttpRequest) && HttpUtil.isTransferEncodingChunked(request)
					&& !HttpUtil.is100ContinueExpected(request)) {
				this.held = new ArrayList<>();
				this.held.add(request);
				return;
			}
		}
		ctx.fireChannelRead(msg);
	}

	private void hold(ChannelHandlerContext ctx, Object msg) {
		List<Object> held = this.held;
		if (msg instanceof HttpContent content && content.decoderResult().isFailure()) {
			HttpRequest request = (HttpRequest) held.remove(0);
			held.forEach(ReferenceCountUtil::release);
			ReferenceCountUtil.release(msg);
			this.held = null;
			reject(ctx, request, content.decoderResult().cause());
			return;
		}
		held.add(msg);
		if (msg instanceof HttpContent content) {
			this.heldBytes += content.content().readableBytes();
		}
		if (msg instanceof LastHttpContent || !(msg instanceof HttpContent) || this.heldBytes > MAX_HELD_BODY) {
			this.held = null;
			this.heldBytes = 0;
			held.forEach(ctx::fireChannelRead);
		}
	}

	private void reject(ChannelHandlerContext ctx, HttpRequest request, Throwable cause) {
		this.rejected = true;
		request.setDecoderResult(DecoderResult.failure(cause));
		ctx.fireChannelRead(request);
	}

	@Override
	public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
		if (this.held != null && !ctx.channel().config().isAutoRead()) {
			// nobody asks for more while the request is held
			ctx.read();
		}
		super.channelReadComplete(ctx);
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		if (this.held != null) {
			this.held.forEach(ReferenceCountUtil::release);
			this.held = null;
		}
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		handlerRemoved(ctx);
		super.channelInactive(ctx);
	}

	/**
	 * Return why a request's body length cannot be determined reliably.
	 * @param request a request the decoder accepted
	 * @return the reason, or {@code null} when the framing is sound
	 */
	static @Nullable String problem(HttpRequest request) {
		List<String> encodings = request.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING);
		int codings = 0;
		for (String field : encodings) {
			for (String coding : field.split(",", -1)) {
				String name = coding.strip().toLowerCase(Locale.ROOT);
				if (!name.equals(HttpHeaderValues.CHUNKED.toString())) {
					// the coding is not echoed: the answer's detail is no place for
					// client text
					return "The only Transfer-Encoding supported is chunked";
				}
				codings++;
			}
		}
		return (codings > 1) ? "Transfer-Encoding names chunked more than once" : null;
	}

	/** Why a request was rejected for its framing. */
	static final class RequestFramingException extends IllegalArgumentException {

		RequestFramingException(String message) {
			super(message);
		}

	}

}
