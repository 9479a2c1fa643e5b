package dev.switchyard.gateway.web;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectDecoder;
import reactor.netty.NettyPipeline;
import tools.jackson.databind.json.JsonMapper;

import dev.switchyard.gateway.balancer.BalancerProperties;
import dev.switchyard.gateway.balancer.policy.ClientAddressResolver;

import dev.switchyard.registry.client.registration.InstanceIdentity;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the problem+json error handlers, the checks of request framing, the PROXY
 * protocol from trusted proxies, {@code X-Gateway} and the balancer's response headers.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

	@Bean
	ProblemDetailErrorWebExceptionHandler problemDetailErrorWebExceptionHandler(JsonMapper jsonMapper) {
		return new ProblemDetailErrorWebExceptionHandler(jsonMapper);
	}

	/**
	 * Problem+json also for the requests Reactor Netty refuses before the application
	 * sees them.
	 * @return the customizer adding {@link DecodingFailureProblemHandler} behind the
	 * codec
	 */
	@Bean
	NettyServerCustomizer decodingFailureProblemCustomizer() {
		return (server) -> server.doOnChannelInit((observer, channel, address) -> {
			ChannelPipeline pipeline = channel.pipeline();
			if (pipeline.get(NettyPipeline.HttpCodec) != null) {
				pipeline.addAfter(NettyPipeline.HttpCodec, DecodingFailureProblemHandler.NAME,
						new DecodingFailureProblemHandler());
			}
		});
	}

	/**
	 * Request framing (RFC 9112): Netty's decoder rejects most ambiguous framing itself
	 * (both {@code Content-Length} and {@code Transfer-Encoding}, several lengths,
	 * {@code chunked} not last, whitespace before a colon, bare LF line ends, invalid
	 * chunk sizes) as long as its strict defaults stand; the gateway refuses to start
	 * without them, and adds {@link RequestFramingHandler} for the transfer codings the
	 * decoder lets through.
	 * @return the customizer adding {@link RequestFramingHandler} behind the codec
	 */
	@Bean
	NettyServerCustomizer requestFramingCustomizer() {
		requireStrictDecoder();
		return (server) -> server.doOnChannelInit((observer, channel, address) -> {
			ChannelPipeline pipeline = channel.pipeline();
			if (pipeline.get(NettyPipeline.HttpCodec) != null) {
				pipeline.addAfter(NettyPipeline.HttpCodec, RequestFramingHandler.NAME, new RequestFramingHandler());
			}
		});
	}

	/**
	 * Fail unless Netty's HTTP decoder parses lines strictly (no bare LF) and rejects a
	 * request with both {@code Content-Length} and {@code Transfer-Encoding}: defaults
	 * since Netty 4.2.4 that a system property can turn off, and that Reactor Netty's
	 * decoder spec does not expose.
	 */
	static void requireStrictDecoder() {
		if (!HttpObjectDecoder.DEFAULT_STRICT_LINE_PARSING) {
			throw new IllegalStateException(
					"Netty's strict line parsing is off (-Dio.netty.handler.codec.http.defaultStrictLineParsing=false): "
							+ "the gateway would accept bare LF line ends that a node may read differently");
		}
		if (!HttpObjectDecoder.RFC9112_TRANSFER_ENCODING) {
			throw new IllegalStateException("Netty's RFC 9112 transfer encoding is off (-D"
					+ HttpObjectDecoder.PROP_RFC9112_TRANSFER_ENCODING
					+ "=false): the gateway would accept a request with both Content-Length and Transfer-Encoding");
		}
	}

	/**
	 * The PROXY protocol from the layer-4 tier, accepted from
	 * {@code gateway.balancer.trusted-proxies} only.
	 * @param balancerProperties where the trusted proxies are
	 * @return the customizer
	 */
	@Bean
	ProxyProtocolCustomizer proxyProtocolCustomizer(BalancerProperties balancerProperties) {
		return new ProxyProtocolCustomizer(new ClientAddressResolver(balancerProperties.trustedProxies()));
	}

	/**
	 * {@code X-Gateway} on every response: the registry's instance id of this gateway
	 * ({@code INSTANCE_ID}, such as {@code gateway-1}), {@code gateway} when it does not
	 * register.
	 * @param identity the gateway's identity in the registry, if it registers
	 * @return the filter
	 */
	@Bean
	GatewayNameWebFilter gatewayNameWebFilter(ObjectProvider<InstanceIdentity> identity) {
		InstanceIdentity registered = identity.getIfAvailable();
		return new GatewayNameWebFilter((registered != null) ? registered.instanceId() : "gateway");
	}

	@Bean
	LoadBalancerResponseHeadersFilter loadBalancerResponseHeadersFilter() {
		return new LoadBalancerResponseHeadersFilter();
	}

}
