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

	@Override
	protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
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

}
