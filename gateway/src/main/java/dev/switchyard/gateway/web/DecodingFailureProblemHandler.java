package dev.switchyard.gateway.web;

import java.net.URI;
import java.net.URISyntaxException;
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
 * Gives a body to the answers written before any handler of the application runs: Reactor
 * Netty's to a request it could not decode (a bare CR in a header, an invalid request
 * line, headers over the limit: 400, 414 or 431 with an empty body), and Spring WebFlux's
 * empty 400 to a request target that is not a URI ({@code %zz}, a {@code |} or a
 * {@code {}): the same {@code application/problem+json} as every other error of the
 * gateway. Sits between the HTTP codec and Reactor Netty's traffic handler, and rewrites
 * only the answer to such a request.
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

	/** Whether the request being answered has a target Spring cannot make a URI of. */
	private boolean invalidTarget;

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
		if (msg instanceof HttpRequest request) {
			this.request = request;
			this.invalidTarget = request.decoderResult().isSuccess() && !isUri(request.uri());
		}
		super.channelRead(ctx, msg);
	}

	/**
	 * Whether a request target is one Spring WebFlux accepts, which makes a {@link URI}
	 * of it. The characters every URI may hold are checked here; only a target with
	 * others, or with a {@code %}, is parsed.
	 * @param target the request target
	 * @return whether it is a URI
	 */
	static boolean isUri(String target) {
		for (int i = 0; i < target.length(); i++) {
			char c = target.charAt(i);
			if (c == '%' || c <= ' ' || c >= 0x7f || "\"<>\\^`{|}".indexOf(c) >= 0) {
				try {
					new URI(target.startsWith("/") ? "http://gateway" + target : target);
					return true;
				}
				catch (URISyntaxException ex) {
					return false;
				}
			}
		}
		return true;
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
		if (msg instanceof HttpResponse) {
			HttpRequest answered = this.request;
			boolean invalidTarget = this.invalidTarget;
			this.request = null;
			this.invalidTarget = false;
			if (answered != null && (answered.decoderResult().isFailure() || invalidTarget)
					&& msg instanceof FullHttpResponse response && !response.content().isReadable()
					&& response.status().codeClass() == HttpStatusClass.CLIENT_ERROR) {
				msg = withProblem(ctx, response, invalidTarget, answered.decoderResult().cause());
			}
		}
		super.write(ctx, msg, promise);
	}

	private static FullHttpResponse withProblem(ChannelHandlerContext ctx, FullHttpResponse response,
			boolean invalidTarget, @Nullable Throwable cause) {
		HttpResponseStatus status = response.status();
		String detail = switch (status.code()) {
			case 414 -> "The request line is too long";
			case 431 -> "The request's headers are too large";
			default -> {
				if (cause instanceof RequestFramingHandler.RequestFramingException framing) {
					yield framing.getMessage();
				}
				yield invalidTarget ? "The request target is not a valid URI"
						: "The request could not be parsed as HTTP";
			}
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
