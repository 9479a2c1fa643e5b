package dev.switchyard.gateway.limits;

import io.micrometer.core.instrument.MeterRegistry;

import dev.switchyard.gateway.balancer.BalancerProperties;
import dev.switchyard.gateway.balancer.policy.ClientAddressResolver;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the limits per client address of the public route.
 */
@Configuration(proxyBeanMethods = false)
class ClientLimitsConfiguration {

	@Bean
	ClientLimitFilter clientLimitFilter(ClientLimitsProperties properties, BalancerProperties balancer,
			MeterRegistry meterRegistry) {
		return new ClientLimitFilter(properties, new ClientAddressResolver(balancer.trustedProxies()), meterRegistry);
	}

}
