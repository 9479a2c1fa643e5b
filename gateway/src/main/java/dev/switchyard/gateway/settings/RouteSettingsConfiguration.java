package dev.switchyard.gateway.settings;

import tools.jackson.databind.json.JsonMapper;

import dev.switchyard.gateway.balancer.RoutePolicies;
import dev.switchyard.registry.client.RegistryClientProperties;
import dev.switchyard.registry.client.RegistryClients;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Creates the route settings store that {@code gateway.settings.store} names.
 */
@Configuration(proxyBeanMethods = false)
class RouteSettingsConfiguration {

	@Bean
	RouteSettingsStore routeSettingsStore(RouteSettingsProperties properties, RoutePolicies policies,
			RegistryClients clients, RegistryClientProperties registry) {
		if (properties.store() == RouteSettingsProperties.Store.LOCAL) {
			return new LocalRouteSettingsStore(policies);
		}
		return new RegistryRouteSettingsStore(policies, clients::primary, properties, registry.discovery(),
				JsonMapper.builder().build());
	}

}
