package dev.switchyard.gateway.console;

import dev.switchyard.gateway.admin.AdminProperties;
import dev.switchyard.gateway.admin.LoadBalancerAdminController;
import dev.switchyard.gateway.balancer.RoutePolicies;
import dev.switchyard.registry.client.RegistryClientProperties;
import dev.switchyard.registry.client.RegistryClients;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * Registers the console's state, its stream, the recent answers it counts and the clients
 * of its admin passthroughs.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleConfiguration {

	@Bean
	RecentResponses recentResponses(ConsoleProperties properties) {
		return new RecentResponses(properties.recentRequests());
	}

	@Bean
	RegistryStatusClient registryStatusClient(RegistryClients clients, RegistryClientProperties properties) {
		return new RegistryStatusClient(clients, StringUtils.hasText(properties.token()));
	}

	@Bean
	NodeAdminClient nodeAdminClient(AdminProperties admin, ConsoleProperties properties) {
		return new NodeAdminClient((admin.token() != null) ? admin.token() : "", properties.nodeTimeout());
	}

	@Bean
	OpenConnections openConnections() {
		return new OpenConnections();
	}

	@Bean
	NettyServerCustomizer openConnectionsCustomizer(OpenConnections openConnections) {
		return openConnections.customizer();
	}

	@Bean
	ClusterStates clusterStates(LoadBalancerAdminController loadBalancer, RoutePolicies routePolicies,
			RecentResponses recentResponses, RegistryStatusClient registryStatusClient, OpenConnections openConnections,
			ConsoleProperties properties) {
		return new ClusterStates(loadBalancer, routePolicies, recentResponses, registryStatusClient, openConnections,
				properties.refreshInterval());
	}

	@Bean
	GatewayTier gatewayTier(RegistryClients clients, ClusterStates clusterStates, ConsoleProperties properties) {
		return new GatewayTier(clients, clusterStates, properties.peerTimeout());
	}

	@Bean
	CatalogVersions catalogVersions(LoadBalancerAdminController loadBalancer, ConsoleProperties properties) {
		return new CatalogVersions(loadBalancer, properties.peerTimeout());
	}

	@Bean
	RegistryLeases registryLeases(RegistryClients clients, ConsoleProperties properties) {
		return new RegistryLeases(clients, properties.peerTimeout());
	}

	@Bean
	ConsoleHeadersWebFilter consoleHeadersWebFilter() {
		return new ConsoleHeadersWebFilter();
	}

}
