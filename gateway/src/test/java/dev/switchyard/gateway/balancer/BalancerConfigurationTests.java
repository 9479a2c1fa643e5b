package dev.switchyard.gateway.balancer;

import org.junit.jupiter.api.Test;

import dev.switchyard.gateway.GatewayTest;
import dev.switchyard.registry.client.discovery.RegistryServiceInstanceListSupplier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;

import static org.assertj.core.api.Assertions.assertThat;

@GatewayTest
class BalancerConfigurationTests {

	@Autowired
	private LoadBalancerClientFactory clientFactory;

	@Test
	void shouldBalanceEveryServiceWithThePolicyLoadBalancerFedByTheRegistry() {
		ReactorServiceInstanceLoadBalancer balancer = this.clientFactory.getInstance("some-service",
				ReactorServiceInstanceLoadBalancer.class);
		ServiceInstanceListSupplier supplier = this.clientFactory.getInstance("some-service",
				ServiceInstanceListSupplier.class);

		assertThat(balancer).isInstanceOf(RoutePolicyLoadBalancer.class);
		assertThat(((RoutePolicyLoadBalancer) balancer).getServiceId()).isEqualTo("some-service");
		assertThat(supplier).isInstanceOf(RegistryServiceInstanceListSupplier.class);
		assertThat(supplier.getServiceId()).isEqualTo("some-service");
	}

}
