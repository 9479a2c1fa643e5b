package dev.switchyard.gateway.balancer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import dev.switchyard.gateway.balancer.overload.OverloadedException;
import dev.switchyard.gateway.balancer.policy.BalancingRequest;
import dev.switchyard.gateway.balancer.policy.PolicyCatalog;
import dev.switchyard.gateway.balancer.stats.BalancerStatistics;
import dev.switchyard.gateway.balancer.stats.UpstreamCall;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.EmptyResponse;
import org.springframework.cloud.client.loadbalancer.RequestData;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static dev.switchyard.gateway.balancer.policy.TestInstances.SERVICE;
import static dev.switchyard.gateway.balancer.policy.TestInstances.down;
import static dev.switchyard.gateway.balancer.policy.TestInstances.draining;
import static dev.switchyard.gateway.balancer.policy.TestInstances.up;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class RoutePolicyLoadBalancerTests {

	private final AtomicLong clock = new AtomicLong();

	private final BalancerStatistics statistics = BalancerStatistics.withDefaults(this.clock::get);

	private final PolicyCatalog catalog = new PolicyCatalog(this.statistics, "key".getBytes(StandardCharsets.UTF_8));

	private final RoutePolicies routePolicies = new RoutePolicies(
			new BalancerProperties("round-robin", Map.of(), new BalancerProperties.Sticky(List.of(), null),
					new BalancerProperties.Ewma(Duration.ofSeconds(10)), new BalancerProperties.Ejection(5,
							Duration.ofSeconds(10), Duration.ofMinutes(5), Set.of(500, 502, 503, 504)),
					List.of()),
			this.catalog);

	@Test
	void shouldPickOnlyUpInstances() {
		List<ServiceInstance> instances = List.of(up("a"), draining("b"), down("c"), up("d"));
		RoutePolicyLoadBalancer balancer = balancer(instances);

		Map<String, Integer> counts = new HashMap<>();
		for (int i = 0; i < 1000; i++) {
			counts.merge(balancer.choose(instances, request()).getServer().getInstanceId(), 1, Integer::sum);
		}

		assertThat(counts).containsOnly(entry("a", 500), entry("d", 500));
	}

	@Test
	void shouldAnswerEmptyResponseWhenNoInstanceIsUp() {
		RoutePolicyLoadBalancer balancer = balancer(List.of(draining("a"), down("b")));

		StepVerifier.create(balancer.choose(gatewayRequest()))
			.assertNext((response) -> assertThat(response).isInstanceOf(EmptyResponse.class))
			.verifyComplete();
	}

	@Test
	void shouldAnswerEmptyResponseWithoutInstances() {
		RoutePolicyLoadBalancer balancer = balancer(List.of());

		StepVerifier.create(balancer.choose(gatewayRequest()))
			.assertNext((response) -> assertThat(response.hasServer()).isFalse())
			.verifyComplete();
	}

	@Test
	void shouldNameThePolicyOfTheRequestsRoute() {
		RoutePolicyLoadBalancer balancer = balancer(List.of(up("a"), up("b")));
		this.routePolicies.set("api", "p2c", null);

		StepVerifier.create(balancer.choose(gatewayRequest())).assertNext((response) -> {
			assertThat(response).isInstanceOf(PolicyResponse.class);
			assertThat(((PolicyResponse) response).getPolicy()).isEqualTo("p2c");
			assertThat(((PolicyResponse) response).getDecision()).isNull();
		}).verifyComplete();
	}

	@Test
	void shouldSkipTheInstancesThatFailedForThisRequest() {
		List<ServiceInstance> instances = List.of(up("a"), up("b"), up("c"));
		RoutePolicyLoadBalancer balancer = balancer(instances);
		BalancingRequest retry = BalancingRequest.builder(SERVICE)
			.routeId("api")
			.exclude("a", "connect failed")
			.exclude("b", "answered 503")
			.build();

		List<String> picks = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			picks.add(balancer.choose(instances, retry).getServer().getInstanceId());
		}

		assertThat(picks).containsOnly("c");
		assertThat(balancer.choose(List.of(up("a"), up("b")), retry).hasServer()).isFalse();
	}

	@Test
	void shouldSwitchPolicyForTheNextPick() {
		List<ServiceInstance> instances = List.of(up("a"), up("b"));
		RoutePolicyLoadBalancer balancer = balancer(instances);

		PolicyResponse before = (PolicyResponse) balancer.choose(instances, request());
		this.routePolicies.set("api", "least-connections", null);
		PolicyResponse after = (PolicyResponse) balancer.choose(instances, request());

		assertThat(before.getPolicy()).isEqualTo("round-robin");
		assertThat(after.getPolicy()).isEqualTo("least-connections");
	}

	@Test
	void shouldNeverEjectMoreThanHalfOfTheInstances() {
		List<ServiceInstance> instances = List.of(up("a"), up("b"), up("c"), up("d"));
		RoutePolicyLoadBalancer balancer = balancer(instances);
		for (ServiceInstance instance : List.of(instances.get(0), instances.get(1), instances.get(2))) {
			fail(instance, 5);
			this.clock.addAndGet(1_000_000);
		}

		Map<String, Integer> counts = new HashMap<>();
		for (int i = 0; i < 100; i++) {
			counts.merge(balancer.choose(instances, request()).getServer().getInstanceId(), 1, Integer::sum);
		}

		// a was ejected first, so its ejection ends first: it is the one let back
		assertThat(counts).containsOnlyKeys("a", "d");
		assertThat(this.statistics.of(instances.get(1)).isEjected()).isTrue();
	}

	@Test
	void shouldExplainTheCandidatesAndTheWinner() {
		List<ServiceInstance> instances = List.of(up("a"), draining("b"), up("c"));
		RoutePolicyLoadBalancer balancer = balancer(instances);
		this.routePolicies.set("api", "least-connections", null);
		this.statistics.begin(instances.get(0));
		BalancingRequest request = BalancingRequest.builder(SERVICE)
			.routeId("api")
			.header(BalancingRequest.EXPLAIN_HEADER, "true")
			.build();

		PolicyResponse response = (PolicyResponse) balancer.choose(instances, request);

		assertThat(response.getServer().getInstanceId()).isEqualTo("c");
		assertThat(response.getDecision()).isEqualTo("policy=least-connections; candidates=a,c; skipped=b(DRAINING); "
				+ "picked=c; why=fewest in flight per weight: a(inFlight=1,weight=1) c(inFlight=0,weight=1)");
	}

	@Test
	void shouldQueueWhenEveryInstanceIsFullAndPickWhenACallEnds() {
		List<ServiceInstance> instances = List.of(up("a"));
		RoutePolicyLoadBalancer balancer = balancer(instances);
		this.routePolicies.apply("api", capped(1, Duration.ofSeconds(5)));
		UpstreamCall busy = this.statistics.begin(instances.get(0));

		StepVerifier.create(balancer.choose(gatewayRequest()))
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(50))
			.then(busy::close)
			.assertNext((response) -> assertThat(response.getServer().getInstanceId()).isEqualTo("a"))
			.verifyComplete();
	}

	@Test
	void shouldServeTheQueueFirstInFirstOut() {
		List<ServiceInstance> instances = List.of(up("a"));
		RoutePolicyLoadBalancer balancer = balancer(instances);
		this.routePolicies.apply("api", capped(1, Duration.ofSeconds(5)));
		UpstreamCall busy = this.statistics.begin(instances.get(0));
		List<String> served = new java.util.concurrent.CopyOnWriteArrayList<>();
		balancer.choose(gatewayRequest()).subscribe((response) -> {
			served.add("first");
			this.statistics.begin(response.getServer());
		});
		balancer.choose(gatewayRequest()).subscribe((response) -> served.add("second"));

		busy.close();

		assertThat(served).containsExactly("first");
	}

	@Test
	void shouldShedWith503AndRetryAfterWhenTheQueueTimesOut() {
		List<ServiceInstance> instances = List.of(up("a"), up("b"));
		RoutePolicyLoadBalancer balancer = balancer(instances);
		this.routePolicies.apply("api", capped(1, Duration.ofMillis(50)));
		this.statistics.begin(instances.get(0));
		this.statistics.begin(instances.get(1));

		StepVerifier.create(balancer.choose(gatewayRequest()))
			.expectErrorSatisfies((error) -> assertThat(error).isInstanceOf(OverloadedException.class)
				.hasMessageContaining("maxInFlight 1 and stayed so for queueTimeout 50ms")
				.satisfies((ex) -> assertThat(((OverloadedException) ex).getStatusCode().value()).isEqualTo(503))
				.satisfies((ex) -> assertThat(((OverloadedException) ex).getHeaders().getFirst("Retry-After"))
					.isEqualTo("1")))
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void shouldExplainWhatTheStagesSkipped() {
		List<ServiceInstance> instances = List.of(up("a"), up("b"));
		RoutePolicyLoadBalancer balancer = balancer(instances);
		this.routePolicies.apply("api", capped(1, null));
		this.statistics.begin(instances.get(0));
		BalancingRequest request = BalancingRequest.builder(SERVICE)
			.routeId("api")
			.header(BalancingRequest.EXPLAIN_HEADER, "true")
			.build();

		PolicyResponse response = (PolicyResponse) balancer.choose(instances, request);

		assertThat(response.getDecision())
			.startsWith("policy=round-robin; candidates=b; skipped=a(full 1/1); picked=b");
	}

	private static RoutePolicy capped(int maxInFlight, Duration queueTimeout) {
		return new RoutePolicy("round-robin", null, null, maxInFlight, queueTimeout, null, null, null, null, null);
	}

	private void fail(ServiceInstance instance, int times) {
		for (int i = 0; i < times; i++) {
			UpstreamCall call = this.statistics.begin(instance);
			call.failed();
		}
	}

	private RoutePolicyLoadBalancer balancer(List<ServiceInstance> instances) {
		ServiceInstanceListSupplier supplier = new ServiceInstanceListSupplier() {

			@Override
			public String getServiceId() {
				return SERVICE;
			}

			@Override
			public Flux<List<ServiceInstance>> get() {
				return Flux.just(instances);
			}

		};
		ObjectProvider<ServiceInstanceListSupplier> provider = new ObjectProvider<>() {

			@Override
			public ServiceInstanceListSupplier getObject() {
				return supplier;
			}

		};
		return new RoutePolicyLoadBalancer(SERVICE, provider, this.routePolicies, this.catalog, this.statistics);
	}

	private static BalancingRequest request() {
		return BalancingRequest.builder(SERVICE).routeId("api").build();
	}

	private static DefaultRequest<RequestDataContext> gatewayRequest() {
		Route route = Route.async().id("api").uri("lb://" + SERVICE).predicate((exchange) -> true).build();
		Map<String, Object> attributes = new HashMap<>();
		attributes.put(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR, route);
		RequestData data = new RequestData(MockServerHttpRequest.get("/api/whoami").build(), attributes);
		return new DefaultRequest<>(new RequestDataContext(data));
	}

}
