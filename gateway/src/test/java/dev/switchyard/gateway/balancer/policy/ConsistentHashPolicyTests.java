package dev.switchyard.gateway.balancer.policy;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.switchyard.gateway.balancer.stats.BalancerStatistics;

import org.springframework.cloud.client.ServiceInstance;

import static dev.switchyard.gateway.balancer.policy.TestInstances.SERVICE;
import static dev.switchyard.gateway.balancer.policy.TestInstances.nodes;
import static org.assertj.core.api.Assertions.assertThat;

class ConsistentHashPolicyTests {

	private static final int KEYS = 10_000;

	private final ConsistentHashPolicy policy = new ConsistentHashPolicy(BalancerStatistics.withDefaults(() -> 0L));

	@Test
	void shouldMoveOnlyTheKeysOfTheInstanceThatLeft() {
		List<ServiceInstance> five = nodes(5);
		List<ServiceInstance> four = new ArrayList<>(five);
		ServiceInstance gone = four.remove(2);

		Map<String, String> before = owners(five);
		Map<String, String> after = owners(four);

		int moved = 0;
		for (Map.Entry<String, String> entry : before.entrySet()) {
			String owner = after.get(entry.getKey());
			if (!owner.equals(entry.getValue())) {
				moved++;
				assertThat(entry.getValue()).as("only keys of the instance gone move").isEqualTo(gone.getInstanceId());
			}
		}
		assertThat(moved).isLessThanOrEqualTo(KEYS / 5 + KEYS / 20);
		assertThat(moved).isEqualTo((int) before.values().stream().filter(gone.getInstanceId()::equals).count());
	}

	@Test
	void shouldMoveAboutOneNthOfTheKeysWhenAnInstanceJoins() {
		List<ServiceInstance> four = nodes(4);
		List<ServiceInstance> five = nodes(5);

		Map<String, String> before = owners(four);
		Map<String, String> after = owners(five);

		long moved = before.keySet().stream().filter((key) -> !before.get(key).equals(after.get(key))).count();
		assertThat(moved).isLessThanOrEqualTo(KEYS / 5 + KEYS / 20);
		assertThat(before.keySet().stream().filter((key) -> !before.get(key).equals(after.get(key))))
			.allSatisfy((key) -> assertThat(after.get(key)).isEqualTo("node-4"));
	}

	@Test
	void shouldSpreadKeysRoughlyEvenly() {
		Map<String, String> owners = owners(nodes(5));

		Map<String, Integer> counts = new HashMap<>();
		owners.values().forEach((owner) -> counts.merge(owner, 1, Integer::sum));

		assertThat(counts).hasSize(5).allSatisfy((id, count) -> assertThat(count).isBetween(1400, 2600));
	}

	@Test
	void shouldHashTheConfiguredHeaderCookieOrQueryParameter() {
		List<ServiceInstance> instances = nodes(5);
		Candidates candidates = Candidates.of(instances);

		String byHeader = pick(candidates,
				BalancingRequest.builder(SERVICE)
					.hashKey("header:X-User")
					.header("X-User", "alice")
					.uri(URI.create("/api/a"))
					.build());
		String byHeaderOtherPath = pick(candidates,
				BalancingRequest.builder(SERVICE)
					.hashKey("header:X-User")
					.header("X-User", "alice")
					.uri(URI.create("/api/b"))
					.build());
		String byCookie = pick(candidates,
				BalancingRequest.builder(SERVICE).hashKey("cookie:user").cookie("user", "alice").build());
		String byQuery = pick(candidates,
				BalancingRequest.builder(SERVICE).hashKey("query:user").uri(URI.create("/api/x?user=alice")).build());

		assertThat(byHeaderOtherPath).isEqualTo(byHeader);
		assertThat(byCookie).isEqualTo(byHeader);
		assertThat(byQuery).isEqualTo(byHeader);
	}

	@Test
	void shouldFallBackToARandomInstanceWithoutTheKey() {
		Candidates candidates = Candidates.of(nodes(3));
		BalancingRequest request = BalancingRequest.builder(SERVICE)
			.hashKey("header:X-User")
			.header(BalancingRequest.EXPLAIN_HEADER, "true")
			.build();

		Selection selection = this.policy.choose(candidates, request);

		assertThat(selection).isNotNull();
		assertThat(selection.reason()).startsWith("no header:X-User in the request");
	}

	private Map<String, String> owners(List<ServiceInstance> instances) {
		Candidates candidates = Candidates.of(instances);
		Map<String, String> owners = new HashMap<>();
		for (int i = 0; i < KEYS; i++) {
			owners.put("/api/catalog/" + i,
					pick(candidates, BalancingRequest.builder(SERVICE).uri(URI.create("/api/catalog/" + i)).build()));
		}
		return owners;
	}

	private String pick(Candidates candidates, BalancingRequest request) {
		return this.policy.choose(candidates, request).instance().getInstanceId();
	}

}
