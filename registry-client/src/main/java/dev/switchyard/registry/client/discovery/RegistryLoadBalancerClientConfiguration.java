package dev.switchyard.registry.client.discovery;

import dev.switchyard.registry.client.RegistryClientProperties;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Per-client LoadBalancer configuration that replaces the cached discovery-client
 * supplier with the registry's own.
 */
@Configuration(proxyBeanMethods = false)
public class RegistryLoadBalancerClientConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ServiceInstanceListSupplier registryServiceInstanceListSupplier(Environment environment, ServiceWatchers watchers,
			RegistryClientProperties properties) {
		String service = environment.getRequiredProperty(LoadBalancerClientFactory.PROPERTY_NAME);
		return new RegistryServiceInstanceListSupplier(watchers.watcher(service),
				properties.discovery().initialTimeout());
	}

}
