package dev.switchyard.gateway.web;

import io.netty.channel.ChannelPipeline;
import reactor.netty.NettyPipeline;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the problem+json error handlers and the balancer's response headers.
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

	@Bean
	LoadBalancerResponseHeadersFilter loadBalancerResponseHeadersFilter() {
		return new LoadBalancerResponseHeadersFilter();
	}

}
