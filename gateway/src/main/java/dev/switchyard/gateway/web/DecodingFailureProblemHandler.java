package dev.switchyard.gateway.web;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import org.jspecify.annotations.Nullable;

/**
 * Gives a body to the answers Reactor Netty writes itself, before any handler of the
 * application runs, to a request it could not decode (a bare CR in a header, an invalid
 * request line, headers over the limit: 400, 414 or 431 with an empty body): the same
 * {@code application/problem+json} as every other error of the gateway. Sits between the
 * HTTP codec and Reactor Netty's traffic handler, and rewrites only the answer to a
 * request whose decoding failed.
 */
class DecodingFailureProblemHandler extends ChannelDuplexHandler {

	/** The handler's name in the pipeline. */
	static final String NAME = "switchyard.decodingFailureProblem";

	/**
	 * The request being answered: its decoder result is read when the answer is written,
	 * since Reactor Netty marks some failures (an undecodable path) only after this
	 * handler has passed the request on.
	 */
	private @Nullable HttpRequest request;

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
		if (msg instanceof HttpRequest request) {
			this.request = request;
		}
		super.channelRead(ctx, msg);
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
		if (msg instanceof HttpResponse) {
			HttpRequest answered = this.request;
			this.request = null;
			if (answered != null && answered.decoderResult().isFailure() && msg instanceof FullHttpResponse response
					&& !response.content().isReadable()
					&& response.status().codeClass() == HttpStatusClass.CLIENT_ERROR) {
				msg = withProblem(ctx, response);
			}
		}
		super.write(ctx, msg, promise);
	}

	private static FullHttpResponse withProblem(ChannelHandlerContext ctx, FullHttpResponse response) {
		HttpResponseStatus status = response.status();
		String detail = switch (status.code()) {
			case 414 -> "The request line is too long";
			case 431 -> "The request's headers are too large";
			default -> "The request could not be parsed as HTTP";
		};
		byte[] body = ("{\"type\":\"about:blank\",\"title\":\"" + status.reasonPhrase() + "\",\"status\":"
				+ status.code() + ",\"detail\":\"" + detail + "\"}")
			.getBytes(StandardCharsets.UTF_8);
		ByteBuf content = ctx.alloc().buffer(body.length).writeBytes(body);
		FullHttpResponse replaced = response.replace(content);
		replaced.headers()
			.set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
			.set(HttpHeaderNames.CONTENT_LENGTH, body.length);
		response.release();
		return replaced;
	}

}
