package dev.switchyard.gateway.balancer.policy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import dev.switchyard.gateway.balancer.stats.BalancerStatistics;
import dev.switchyard.gateway.balancer.stats.UpstreamCall;

import org.springframework.cloud.client.ServiceInstance;

import static dev.switchyard.gateway.balancer.policy.TestInstances.SERVICE;
import static dev.switchyard.gateway.balancer.policy.TestInstances.nodes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code hashBalanceFactor} on {@code consistent-hash}: Zipf 1.1 keys over eight
 * instances with 200 requests in flight, each pick holding its call open until 200 later
 * picks have started.
 */
class BoundedLoadHashingTests {

	private static final int INSTANCES = 8;

	private static final int IN_FLIGHT = 200;

	private static final int PICKS = 20_000;

	private static final int KEYS = 1_000;

	@Test
	void shouldKeepEveryInstanceUnderTheFactorTimesTheMeanLoad() {
		double bounded = worstMaxOverMean(1.25);
		double plain = worstMaxOverMean(null);

		// the bound is floor(1.25 x 201 / 8) = 31 against a mean of 25: never past the
		// factor
		assertThat(bounded).isLessThanOrEqualTo(1.25);
		assertThat(plain).isGreaterThan(2.0);
	}

	@Test
	void shouldBoundByTheFactorRoundedDownButNeverBelowAnEvenShare() {
		// bench/lb-quality's zipf scenario: 32 in flight over 3, a mean of 10.7
		assertThat(BoundedLoads.capacity(1.25, 33, 3)).isEqualTo(13);
		assertThat(BoundedLoads.capacity(1.25, 8, 2)).isEqualTo(5);
		// 1.25 x 4 / 3 is 1.67, but 4 requests over 3 instances need room for 2 on one
		assertThat(BoundedLoads.capacity(1.25, 4, 3)).isEqualTo(2);
		assertThat(BoundedLoads.capacity(1.25, 1, 3)).isEqualTo(1);
		assertThat(BoundedLoads.capacity(2.0, 201, 8)).isEqualTo(50);
	}

	@Test
	void shouldMoveAboutOneNthOfTheKeysWhenAnInstanceLeavesAtLowLoad() {
		ConsistentHashPolicy policy = new ConsistentHashPolicy(BalancerStatistics.withDefaults(() -> 0L));
		List<ServiceInstance> all = nodes(INSTANCES);
		List<ServiceInstance> fewer = new ArrayList<>(all);
		fewer.remove(3);

		int moved = 0;
		for (int key = 0; key < 10_000; key++) {
			String before = pick(policy, all, "k" + key, 1.25);
			String after = pick(policy, fewer, "k" + key, 1.25);
			if (!before.equals(after)) {
				moved++;
				assertThat(before).isEqualTo("node-3");
			}
		}

		assertThat(moved).isBetween(10_000 / INSTANCES / 2, 10_000 / INSTANCES * 2);
	}

	@Test
	void shouldSayWhereAKeyWasMovedFrom() {
		BalancerStatistics statistics = BalancerStatistics.withDefaults(() -> 0L);
		ConsistentHashPolicy policy = new ConsistentHashPolicy(statistics);
		List<ServiceInstance> instances = nodes(2);
		String home = pick(policy, instances, "hot", 1.25);
		ServiceInstance homeInstance = instances.stream()
			.filter((i) -> i.getInstanceId().equals(home))
			.findFirst()
			.get();
		statistics.begin(homeInstance);
		statistics.begin(homeInstance);

		Selection selection = policy.choose(Candidates.of(instances), request("hot", 1.25, true));

		assertThat(selection.instance().getInstanceId()).isNotEqualTo(home);
		assertThat(selection.reason()).endsWith("bounded load: past " + home + " at bound 2");
	}

	private static double worstMaxOverMean(@Nullable Double factor) {
		BalancerStatistics statistics = BalancerStatistics.withDefaults(() -> 0L);
		ConsistentHashPolicy policy = new ConsistentHashPolicy(statistics);
		List<ServiceInstance> instances = nodes(INSTANCES);
		Map<String, ServiceInstance> byId = new HashMap<>();
		instances.forEach((instance) -> byId.put(instance.getInstanceId(), instance));
		Zipf zipf = new Zipf(KEYS, 1.1, new Random(42));
		Deque<UpstreamCall> open = new ArrayDeque<>();
		double worst = 0;
		for (int i = 0; i < PICKS; i++) {
			if (open.size() == IN_FLIGHT) {
				int max = 0;
				for (ServiceInstance instance : instances) {
					max = Math.max(max, statistics.of(instance).inFlight());
				}
				worst = Math.max(worst, max / ((double) IN_FLIGHT / INSTANCES));
				open.removeFirst().close();
			}
			String id = pick(policy, instances, "user-" + zipf.next(), factor);
			open.addLast(statistics.begin(byId.get(id)));
		}
		return worst;
	}

	private static String pick(ConsistentHashPolicy policy, List<ServiceInstance> instances, String key,
			@Nullable Double factor) {
		return policy.choose(Candidates.of(instances), request(key, factor, false)).instance().getInstanceId();
	}

	private static BalancingRequest request(String key, @Nullable Double factor, boolean explain) {
		BalancingRequest.Builder builder = BalancingRequest.builder(SERVICE)
			.routeId("api")
			.hashKey("header:X-User")
			.header("X-User", key)
			.hashBalanceFactor(factor);
		if (explain) {
			builder.header(BalancingRequest.EXPLAIN_HEADER, "true");
		}
		return builder.build();
	}

	/** Zipf-distributed ranks from 1 to n, by inverting the cumulative distribution. */
	private static final class Zipf {

		private final double[] cumulative;

		private final Random random;

		Zipf(int n, double exponent, Random random) {
			this.cumulative = new double[n];
			double sum = 0;
			for (int k = 1; k <= n; k++) {
				sum += 1 / Math.pow(k, exponent);
				this.cumulative[k - 1] = sum;
			}
			for (int k = 0; k < n; k++) {
				this.cumulative[k] /= sum;
			}
			this.random = random;
		}

		int next() {
			int index = java.util.Arrays.binarySearch(this.cumulative, this.random.nextDouble());
			return ((index < 0) ? -index - 1 : index) + 1;
		}

	}

}
