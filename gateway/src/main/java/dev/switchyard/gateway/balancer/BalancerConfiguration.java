package dev.switchyard.gateway.balancer;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

import dev.switchyard.gateway.balancer.attempt.AttemptSettings;
import dev.switchyard.gateway.balancer.attempt.HedgeDelay;
import dev.switchyard.gateway.balancer.attempt.HedgeStage;
import dev.switchyard.gateway.balancer.attempt.RetryBudgets;
import dev.switchyard.gateway.balancer.attempt.RetryStage;
import dev.switchyard.gateway.balancer.overload.AdaptiveLimitFilter;
import dev.switchyard.gateway.balancer.overload.OverloadControl;
import dev.switchyard.gateway.balancer.policy.ClientAddressResolver;
import dev.switchyard.gateway.balancer.policy.PolicyCatalog;
import dev.switchyard.gateway.balancer.stats.BalancerStatistics;
import dev.switchyard.gateway.balancer.stats.SuccessRateOutliers;

import dev.switchyard.registry.client.discovery.ServiceWatchers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

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
	BalancerStatistics balancerStatistics(BalancerProperties properties, SuccessRateEjectionProperties successRate) {
		BalancerProperties.Ejection ejection = properties.ejection();
		SuccessRateOutliers outliers = successRate.enabled() ? new SuccessRateOutliers(successRate.interval(),
				successRate.minimumRequests(), successRate.minimumHosts(), successRate.stdevFactor()) : null;
		return new BalancerStatistics(properties.ewma().decay(), ejection.consecutiveFailures(), ejection.baseTime(),
				ejection.maxTime(), ejection.statuses(), outliers, System::nanoTime);
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
	AttemptSettings attemptSettings(RetryProperties retryProperties, RoutePolicies routePolicies) {
		// a route's own retryBudget and hedge (PUT /admin/lb/routes/{routeId}, shared by
		// every gateway); the configured gateway.retry.budget.percent and
		// gateway.retry.hedge where the route sets none
		Double defaultPercent = retryProperties.budget().percent();
		HedgeDelay defaultHedge = StringUtils.hasText(retryProperties.hedge())
				? HedgeDelay.parse(retryProperties.hedge()) : null;
		Map<String, HedgeDelay> parsed = new ConcurrentHashMap<>();
		return new AttemptSettings() {

			@Override
			public @Nullable Double retryBudget(@Nullable String routeId) {
				Double percent = routePolicies.get(routeId).retryBudget();
				return (percent != null) ? percent : defaultPercent;
			}

			@Override
			public @Nullable HedgeDelay hedge(@Nullable String routeId) {
				String hedge = routePolicies.get(routeId).hedge();
				if (hedge == null) {
					return defaultHedge;
				}
				if (parsed.size() > 64) {
					parsed.clear();
				}
				return parsed.computeIfAbsent(hedge, HedgeDelay::parse);
			}

		};
	}

	@Bean
	RetryBudgets retryBudgets(AttemptSettings settings, RetryProperties retryProperties) {
		RetryProperties.Budget budget = retryProperties.budget();
		return new RetryBudgets(settings, budget.window(), budget.minPerSecond(), System::nanoTime);
	}

	@Bean
	DepartedInstancesPruner departedInstancesPruner(BalancerStatistics statistics,
			ObjectProvider<ServiceWatchers> watchers) {
		return new DepartedInstancesPruner(statistics, (service) -> {
			ServiceWatchers available = watchers.getIfAvailable();
			return (available != null) ? available.watcher(service).updates() : Flux.never();
		});
	}

	@Bean
	RetryingLoadBalancerClientFilter retryingLoadBalancerClientFilter(LoadBalancerClientFactory clientFactory,
			BalancerStatistics statistics, RetryProperties retryProperties, BalancerProperties properties,
			BalancerMetrics metrics, RetryBudgets budgets, AttemptSettings settings) {
		HedgeStage hedges = new HedgeStage(statistics, metrics, budgets, settings, retryProperties.budget().window(),
				System::nanoTime);
		RetryStage retries = new RetryStage(metrics, budgets, hedges, retryProperties.maxRetries(),
				retryProperties.statuses());
		return new RetryingLoadBalancerClientFilter(clientFactory,
				new ClientAddressResolver(properties.trustedProxies()), retries,
				retryProperties.maxBodySize().toBytes());
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
