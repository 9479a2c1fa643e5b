package dev.switchyard.gateway.web;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

import io.netty.channel.ChannelPipeline;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.ProxyProtocolSupportType;

import dev.switchyard.gateway.balancer.policy.ClientAddressResolver;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;

/**
 * Accepts the PROXY protocol (v1 and v2, as HAProxy's {@code send-proxy-v2} sends it)
 * from the trusted proxies only: Reactor Netty detects the header on every connection
 * ({@link ProxyProtocolSupportType#AUTO}, so a trusted proxy may also connect without
 * one, as a health check or a script does) and then takes the client's address from it
 * for everything that reads the request's remote address ({@code ip-hash}, the rate
 * limits, {@code X-Forwarded-For} to the nodes, the access log). On a connection from any
 * other address the detector is replaced by an {@link UntrustedProxyHeaderGuard}, which
 * closes the connection if it starts with a PROXY header.
 */
public class ProxyProtocolCustomizer implements NettyServerCustomizer {

	private static final String GUARD = "switchyard.untrustedProxyHeaderGuard";

	private final ClientAddressResolver trustedProxies;

	/**
	 * Create a customizer.
	 * @param trustedProxies what tells a trusted proxy's address
	 */
	public ProxyProtocolCustomizer(ClientAddressResolver trustedProxies) {
		this.trustedProxies = trustedProxies;
	}

	@Override
	public HttpServer apply(HttpServer server) {
		return server.proxyProtocol(ProxyProtocolSupportType.AUTO).doOnChannelInit((observer, channel, address) -> {
			// the peer of the accepted connection (the callback's address is not it)
			if (trusted(channel.remoteAddress())) {
				return;
			}
			ChannelPipeline pipeline = channel.pipeline();
			if (pipeline.get(NettyPipeline.ProxyProtocolDecoder) != null) {
				pipeline.replace(NettyPipeline.ProxyProtocolDecoder, GUARD, new UntrustedProxyHeaderGuard());
			}
			else {
				pipeline.addFirst(GUARD, new UntrustedProxyHeaderGuard());
			}
		});
	}

	private boolean trusted(SocketAddress address) {
		return address instanceof InetSocketAddress inet && inet.getAddress() != null
				&& this.trustedProxies.isTrusted(inet.getAddress());
	}

}
