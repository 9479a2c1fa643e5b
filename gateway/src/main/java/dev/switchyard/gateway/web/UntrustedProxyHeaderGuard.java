package dev.switchyard.gateway.web;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.ProtocolDetectionResult;
import io.netty.handler.codec.ProtocolDetectionState;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Closes a connection from a peer that is not a trusted proxy if it starts with a PROXY
 * protocol header (v1 or v2), so that no client can claim another client's address;
 * anything else passes on untouched and the guard leaves the pipeline. It takes the place
 * of Reactor Netty's PROXY protocol detector on such connections.
 */
final class UntrustedProxyHeaderGuard extends ByteToMessageDecoder {

	private static final Log logger = LogFactory.getLog(UntrustedProxyHeaderGuard.class);

	private static final byte[] V1_SIGNATURE = "PROXY ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

	private static final byte[] V2_SIGNATURE = { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54,
			0x0A };

	@Override
	protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
		// Netty's detection waits for 12 bytes whatever they are: a shorter request that
		// cannot be a PROXY header (a garbage request line) must not wait for more
		if (!startsLike(in, V1_SIGNATURE) && !startsLike(in, V2_SIGNATURE)) {
			ctx.pipeline().remove(this);
			return;
		}
		ProtocolDetectionResult<HAProxyProtocolVersion> result = HAProxyMessageDecoder.detectProtocol(in);
		if (result.state() == ProtocolDetectionState.NEEDS_MORE_DATA) {
			return;
		}
		if (result.state() == ProtocolDetectionState.DETECTED) {
			if (logger.isWarnEnabled()) {
				logger.warn("Closed a connection from " + ctx.channel().remoteAddress() + ": a PROXY protocol "
						+ result.detectedProtocol()
						+ " header from an address not in gateway.balancer.trusted-proxies");
			}
			in.skipBytes(in.readableBytes());
			ctx.close();
			return;
		}
		ctx.pipeline().remove(this);
	}

	private static boolean startsLike(ByteBuf in, byte[] signature) {
		int length = Math.min(in.readableBytes(), signature.length);
		for (int i = 0; i < length; i++) {
			if (in.getByte(in.readerIndex() + i) != signature[i]) {
				return false;
			}
		}
		return true;
	}

}
