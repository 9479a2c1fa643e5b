package dev.switchyard.gateway.web;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guard on connections from untrusted peers, on an embedded channel: a PROXY header
 * closes the connection, even when its signature arrives a byte at a time; anything else
 * passes on byte for byte and the guard leaves the pipeline.
 */
class UntrustedProxyHeaderGuardTests {

	private static final byte[] V2_SIGNATURE = { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54,
			0x0A };

	private final EmbeddedChannel channel = new EmbeddedChannel(new UntrustedProxyHeaderGuard());

	@Test
	void shouldCloseOnAVersion2Header() {
		this.channel.writeInbound(Unpooled.wrappedBuffer(V2_SIGNATURE, new byte[] { 0x21, 0x11, 0x00, 0x0C }));

		assertThat(this.channel.isOpen()).isFalse();
		assertThat((Object) this.channel.readInbound()).isNull();
	}

	@Test
	void shouldCloseOnAVersion2SignatureSentAByteAtATime() {
		for (int i = 0; i < V2_SIGNATURE.length - 1; i++) {
			this.channel.writeInbound(Unpooled.wrappedBuffer(new byte[] { V2_SIGNATURE[i] }));
			assertThat(this.channel.isOpen()).as("open after %d bytes", i + 1).isTrue();
		}
		this.channel.writeInbound(Unpooled.wrappedBuffer(new byte[] { V2_SIGNATURE[V2_SIGNATURE.length - 1] }));

		assertThat(this.channel.isOpen()).isFalse();
		assertThat((Object) this.channel.readInbound()).isNull();
	}

	@Test
	void shouldCloseOnAVersion1Header() {
		this.channel.writeInbound(ascii("PROXY TCP4 203.0.113.7 127.0.0.1 40123 80\r\nGET / HTTP/1.1\r\n\r\n"));

		assertThat(this.channel.isOpen()).isFalse();
		assertThat((Object) this.channel.readInbound()).isNull();
	}

	@Test
	void shouldPassPlainHttpOnAndLeave() {
		this.channel.writeInbound(ascii("GET /api/whoami HTTP/1.1\r\nHost: gateway\r\n\r\n"));

		assertThat(this.channel.isOpen()).isTrue();
		assertThat(this.channel.pipeline().get(UntrustedProxyHeaderGuard.class)).isNull();
		ByteBuf passed = this.channel.readInbound();
		assertThat(passed.toString(StandardCharsets.US_ASCII))
			.isEqualTo("GET /api/whoami HTTP/1.1\r\nHost: gateway\r\n\r\n");
		passed.release();
	}

	@Test
	void shouldPassAShortRequestThatCannotBeAHeaderOnAtOnce() {
		this.channel.writeInbound(ascii("GARBAGE\r\n\r\n"));

		assertThat(this.channel.pipeline().get(UntrustedProxyHeaderGuard.class)).isNull();
		ByteBuf passed = this.channel.readInbound();
		assertThat(passed.toString(StandardCharsets.US_ASCII)).isEqualTo("GARBAGE\r\n\r\n");
		passed.release();
	}

	private static ByteBuf ascii(String text) {
		return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
	}

}
