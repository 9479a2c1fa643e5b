package dev.switchyard.gateway.balancer;

import dev.switchyard.gateway.balancer.overload.OverloadControl;
import dev.switchyard.gateway.balancer.stats.BalancerStatistics;

import org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Per-client LoadBalancer configuration that makes every service's load balancer a
 * {@link RoutePolicyLoadBalancer}; the registry client's configuration supplies the
 * instances. Deliberately not a {@code @Configuration}, so that component scanning does
 * not register it in the application context as well.
 */
public class RoutePolicyLoadBalancerClientConfiguration {

	/** The gateway's zone, as spring-cloud-commons' zone preference reads it. */
	static final String ZONE_PROPERTY = "spring.cloud.loadbalancer.zone";

	@Bean
	ReactorServiceInstanceLoadBalancer routePolicyLoadBalancer(Environment environment,
			LoadBalancerClientFactory clientFactory, RoutePolicies routePolicies, BalancerStatistics statistics,
			OverloadControl overload) {
		String serviceId = LoadBalancerClientFactory.getName(environment);
		return new RoutePolicyLoadBalancer(serviceId,
				clientFactory.getLazyProvider(serviceId, ServiceInstanceListSupplier.class), routePolicies,
				routePolicies.catalog(), statistics, environment.getProperty(ZONE_PROPERTY), overload);
	}

}
