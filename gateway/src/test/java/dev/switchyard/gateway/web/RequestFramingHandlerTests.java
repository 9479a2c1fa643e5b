package dev.switchyard.gateway.web;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestFramingHandlerTests {

	private static final String CHUNKED_HEAD = "POST /api/x HTTP/1.1\r\nHost: gateway\r\nTransfer-Encoding: chunked\r\n\r\n";

	private final EmbeddedChannel channel = new EmbeddedChannel(new HttpServerCodec(), new RequestFramingHandler());

	@Test
	void shouldHoldAChunkedRequestUntilItsLastChunk() {
		write(CHUNKED_HEAD + "5\r\nhello\r\n");

		assertThat((Object) this.channel.readInbound()).isNull();

		write("0\r\n\r\n");

		HttpRequest request = this.channel.readInbound();
		assertThat(request.decoderResult().isSuccess()).isTrue();
		HttpContent chunk = this.channel.readInbound();
		assertThat(chunk.content().toString(StandardCharsets.US_ASCII)).isEqualTo("hello");
		chunk.release();
		Object last = this.channel.readInbound();
		assertThat(last).isInstanceOf(LastHttpContent.class);
		ReferenceCountUtil.release(last);
	}

	@Test
	void shouldFailTheRequestAndDropTheRestWhenAChunkIsInvalid() {
		write(CHUNKED_HEAD + "5\r\nhello\r\nzz\r\nworld\r\n0\r\n\r\nGET /api/y HTTP/1.1\r\nHost: gateway\r\n\r\n");

		HttpRequest request = this.channel.readInbound();

		assertThat(request.decoderResult().isFailure()).isTrue();
		assertThat(request.decoderResult().cause()).isInstanceOf(NumberFormatException.class);
		assertThat((Object) this.channel.readInbound()).isNull();
	}

	@Test
	void shouldRejectACodingOtherThanChunked() {
		write("POST /api/x HTTP/1.1\r\nHost: gateway\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n\r\n"
				+ "5\r\nhello\r\n0\r\n\r\n");

		HttpRequest request = this.channel.readInbound();

		assertThat(request.decoderResult().cause()).isInstanceOf(RequestFramingHandler.RequestFramingException.class)
			.hasMessage("The only Transfer-Encoding supported is chunked");
		assertThat((Object) this.channel.readInbound()).isNull();
	}

	@Test
	void shouldPassARequestExpectingContinueAtOnce() {
		write("POST /api/x HTTP/1.1\r\nHost: gateway\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n");

		HttpRequest request = this.channel.readInbound();

		assertThat(request.decoderResult().isSuccess()).isTrue();
	}

	@Test
	void shouldStreamABodyLongerThanWhatIsHeld() {
		String chunk = "x".repeat(1000);
		StringBuilder body = new StringBuilder(CHUNKED_HEAD);
		int chunks = RequestFramingHandler.MAX_HELD_BODY / 1000 + 2;
		for (int i = 0; i < chunks; i++) {
			body.append("3e8\r\n").append(chunk).append("\r\n");
		}

		write(body.toString());

		HttpRequest request = this.channel.readInbound();
		assertThat(request.decoderResult().isSuccess()).isTrue();
		int received = 0;
		Object content;
		while ((content = this.channel.readInbound()) != null) {
			received += ((HttpContent) content).content().readableBytes();
			ReferenceCountUtil.release(content);
		}
		assertThat(received).isEqualTo(chunks * 1000);
	}

	@Test
	void shouldReleaseWhatIsHeldWhenTheConnectionCloses() {
		EmbeddedChannel channel = new EmbeddedChannel(new RequestFramingHandler());
		HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/api/x");
		request.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
		ByteBuf chunk = Unpooled.copiedBuffer("hello", StandardCharsets.US_ASCII);
		channel.writeInbound(request, new DefaultHttpContent(chunk));

		channel.close();

		assertThat(chunk.refCnt()).isZero();
		assertThat((Object) channel.readInbound()).isNull();
	}

	private void write(String bytes) {
		this.channel.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1));
	}

}
