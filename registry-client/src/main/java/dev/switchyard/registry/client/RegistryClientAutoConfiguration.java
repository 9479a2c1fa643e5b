package dev.switchyard.registry.client;

import dev.switchyard.registry.client.discovery.RegistryLoadBalancerClientConfiguration;
import dev.switchyard.registry.client.discovery.ServiceWatchers;
import dev.switchyard.registry.client.registration.InstanceIdentity;
import dev.switchyard.registry.client.registration.RegistryRegistration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Registers a web application with its registry daemon and, where Spring Cloud
 * LoadBalancer is present, feeds it from the registry.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "registry.client.enabled", matchIfMissing = true)
@EnableConfigurationProperties(RegistryClientProperties.class)
public class RegistryClientAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RegistryClients registryClients(RegistryClientProperties properties) {
		return new RegistryClients(properties);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication
	@ConditionalOnClass(WebServerInitializedEvent.class)
	@ConditionalOnBooleanProperty(name = "registry.client.registration.enabled", matchIfMissing = true)
	static class RegistrationConfiguration {

		@Bean
		@ConditionalOnMissingBean
		InstanceIdentity instanceIdentity(RegistryClientProperties properties, Environment environment) {
			return new InstanceIdentity(properties.registration(),
					environment.getProperty("spring.application.name", "application"));
		}

		@Bean
		@ConditionalOnMissingBean
		RegistryRegistration registryRegistration(RegistryClients clients, InstanceIdentity identity,
				RegistryClientProperties properties) {
			return new RegistryRegistration(clients.primary(), identity, properties.registration());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ServiceInstanceListSupplier.class)
	@LoadBalancerClients(defaultConfiguration = RegistryLoadBalancerClientConfiguration.class)
	static class DiscoveryConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ServiceWatchers serviceWatchers(RegistryClients clients, RegistryClientProperties properties) {
			return new ServiceWatchers(clients, properties.discovery());
		}

	}

}
