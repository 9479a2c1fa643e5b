package dev.switchyard.gateway.admin;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import dev.switchyard.gateway.balancer.InvalidRouteSettingException;
import dev.switchyard.gateway.balancer.RoutePolicies;
import dev.switchyard.gateway.balancer.RoutePolicy;
import dev.switchyard.gateway.balancer.stats.BalancerStatistics;
import dev.switchyard.gateway.settings.RouteSettingsStore;

import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code /admin/lb}: the policy of each balanced route and the state of each instance,
 * and the live switch of a route's policy, saved in the {@link RouteSettingsStore} (on
 * every gateway of the cluster with the registry's).
 */
@RestController
@RequestMapping("/admin/lb")
public class LoadBalancerAdminController {

	private static final Log logger = LogFactory.getLog(LoadBalancerAdminController.class);

	private static final Duration INSTANCES_TIMEOUT = Duration.ofSeconds(5);

	private final RouteLocator routeLocator;

	private final RoutePolicies routePolicies;

	private final BalancerStatistics statistics;

	private final LoadBalancerClientFactory clientFactory;

	private final RouteSettingsStore settingsStore;

	/**
	 * Create the controller.
	 * @param routeLocator the gateway's routes
	 * @param routePolicies the policy of each route
	 * @param statistics the instances' statistics
	 * @param clientFactory the factory of each service's instance supplier
	 * @param settingsStore where a switch is saved, and from where it is put in force
	 */
	public LoadBalancerAdminController(RouteLocator routeLocator, RoutePolicies routePolicies,
			BalancerStatistics statistics, LoadBalancerClientFactory clientFactory, RouteSettingsStore settingsStore) {
		this.routeLocator = routeLocator;
		this.routePolicies = routePolicies;
		this.statistics = statistics;
		this.clientFactory = clientFactory;
		this.settingsStore = settingsStore;
	}

	/**
	 * Return the policy of each balanced route and the state of each instance; the
	 * console shows the same, without the token, as it holds no secret.
	 * @return the state
	 */
	@GetMapping
	public Mono<LoadBalancerState> state() {
		return balancedRoutes().collectList().flatMap((routes) -> {
			Map<String, RoutePolicy> policies = new LinkedHashMap<>();
			routes.forEach((route) -> policies.put(route.getId(), this.routePolicies.get(route.getId())));
			List<String> services = routes.stream().map((route) -> route.getUri().getHost()).distinct().toList();
			return Flux.fromIterable(services)
				.concatMap(this::instances)
				.collectList()
				.map((instances) -> new LoadBalancerState(policies, instances));
		});
	}

	/**
	 * Switch a route's policy and settings; the body replaces all of them, a setting left
	 * out is off.
	 * @param routeId the route
	 * @param change the settings by name, as {@link RoutePolicies#check(Map)} takes them
	 * @return the settings in force
	 */
	@PutMapping("/routes/{routeId}")
	Mono<RoutePolicy> switchPolicy(@PathVariable String routeId, @RequestBody Map<String, Object> change) {
		return balancedRoutes().any((route) -> route.getId().equals(routeId)).map((exists) -> {
			if (!exists) {
				throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No balanced route '" + routeId + "'");
			}
			try {
				return this.routePolicies.check(change);
			}
			catch (InvalidRouteSettingException ex) {
				ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
				problem.setProperty("setting", ex.getSetting());
				if ("policy".equals(ex.getSetting())) {
					problem.setProperty("validPolicies", this.routePolicies.catalog().names());
				}
				throw new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, ex);
			}
		}).flatMap((settings) -> {
			RoutePolicy previous = this.routePolicies.get(routeId);
			// the registry's client blocks: off the event loop
			return Mono.fromCallable(() -> this.settingsStore.save(routeId, settings))
				.subscribeOn(Schedulers.boundedElastic())
				.doOnNext((current) -> logger
					.info("Route " + routeId + " now balanced by " + current + " (was " + previous + ")"));
		});
	}

	private Flux<Route> balancedRoutes() {
		return this.routeLocator.getRoutes().filter((route) -> "lb".equalsIgnoreCase(route.getUri().getScheme()));
	}

	private Flux<InstanceState> instances(String serviceId) {
		ServiceInstanceListSupplier supplier = this.clientFactory.getInstance(serviceId,
				ServiceInstanceListSupplier.class);
		if (supplier == null) {
			return Flux.empty();
		}
		return supplier.get()
			.next()
			.timeout(INSTANCES_TIMEOUT, Mono.just(List.of()))
			.flatMapIterable((instances) -> instances)
			.map((instance) -> InstanceState.of(instance, this.statistics.of(instance)));
	}

}
