package dev.switchyard.gateway.balancer;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.switchyard.gateway.balancer.overload.AdaptiveLimitFilter;
import dev.switchyard.gateway.balancer.overload.OverloadControl;
import dev.switchyard.gateway.balancer.policy.ClientAddressResolver;
import dev.switchyard.gateway.balancer.policy.PolicyCatalog;
import dev.switchyard.gateway.balancer.stats.BalancerStatistics;

import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Wires the balancer: the statistics, the policies, each route's policy, every service's
 * {@link RoutePolicyLoadBalancer} and the filters that use them.
 */
@Configuration(proxyBeanMethods = false)
@LoadBalancerClients(defaultConfiguration = RoutePolicyLoadBalancerClientConfiguration.class)
class BalancerConfiguration {

	private static final Log logger = LogFactory.getLog(BalancerConfiguration.class);

	/** The profile in which a gateway refuses to start without shared cookie keys. */
	static final String PRODUCTION_PROFILE = "prod";

	@Bean
	BalancerStatistics balancerStatistics(BalancerProperties properties) {
		BalancerProperties.Ejection ejection = properties.ejection();
		return new BalancerStatistics(properties.ewma().decay(), ejection.consecutiveFailures(), ejection.baseTime(),
				ejection.maxTime(), ejection.statuses(), System::nanoTime);
	}

	@Bean
	PolicyCatalog policyCatalog(BalancerStatistics statistics, BalancerProperties properties, Environment environment) {
		return new PolicyCatalog(statistics, stickyKeys(properties.sticky(), environment));
	}

	@Bean
	RoutePolicies routePolicies(BalancerProperties properties, PolicyCatalog catalog) {
		return new RoutePolicies(properties, catalog);
	}

	@Bean
	BalancerMetrics balancerMetrics(BalancerStatistics statistics) {
		return new BalancerMetrics(statistics);
	}

	@Bean
	RetryingLoadBalancerClientFilter retryingLoadBalancerClientFilter(LoadBalancerClientFactory clientFactory,
			BalancerStatistics statistics, RetryProperties retryProperties, BalancerProperties properties,
			BalancerMetrics metrics) {
		return new RetryingLoadBalancerClientFilter(clientFactory, statistics, retryProperties,
				new ClientAddressResolver(properties.trustedProxies()), metrics);
	}

	@Bean
	OverloadControl overloadControl() {
		return new OverloadControl();
	}

	@Bean
	AdaptiveLimitFilter adaptiveLimitFilter(RoutePolicies routePolicies, OverloadControl overload) {
		return new AdaptiveLimitFilter(routePolicies, overload);
	}

	@Bean
	InFlightTrackingFilter inFlightTrackingFilter() {
		return new InFlightTrackingFilter();
	}

	static List<byte[]> stickyKeys(BalancerProperties.Sticky sticky, Environment environment) {
		List<String> keys = sticky.keys();
		if (!keys.isEmpty()) {
			logger.info("SY_NODE cookies signed with the first of " + keys.size() + " key(s) of "
					+ "GATEWAY_STICKY_SECRETS, verified with all of them");
			return keys.stream().map((key) -> key.getBytes(StandardCharsets.UTF_8)).toList();
		}
		if (environment.matchesProfiles(PRODUCTION_PROFILE)) {
			throw new MissingStickySecretsException(PRODUCTION_PROFILE);
		}
		logger.info("GATEWAY_STICKY_SECRETS is not set: SY_NODE cookies are signed with a random key "
				+ "and will not be honoured after a restart or by another gateway");
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return List.of(key);
	}

}
