package dev.switchyard.gateway.balancer.policy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.http.ResponseCookie;

import static dev.switchyard.gateway.balancer.policy.TestInstances.SERVICE;
import static dev.switchyard.gateway.balancer.policy.TestInstances.draining;
import static dev.switchyard.gateway.balancer.policy.TestInstances.up;
import static org.assertj.core.api.Assertions.assertThat;

class StickyCookiePolicyTests {

	private final StickyCookiePolicy policy = new StickyCookiePolicy("secret".getBytes(StandardCharsets.UTF_8));

	@Test
	void shouldBindANewClientAndIssueASignedCookie() {
		Candidates candidates = Candidates.of(List.of(up("a"), up("b")));

		Selection selection = this.policy.choose(candidates, BalancingRequest.builder(SERVICE).build());

		ResponseCookie cookie = selection.cookie();
		assertThat(cookie.getName()).isEqualTo("SY_NODE");
		assertThat(cookie.getValue()).startsWith(selection.instance().getInstanceId() + ".");
		assertThat(cookie.isHttpOnly()).isTrue();
		assertThat(this.policy.verify(SERVICE, cookie.getValue())).isEqualTo(selection.instance().getInstanceId());
	}

	@Test
	void shouldKeepABoundClientOnItsInstanceEvenWhileDraining() {
		ServiceInstance a = draining("a");
		Candidates candidates = new Candidates(List.of(up("b")), List.of(a, up("b")));
		String value = this.policy.cookie(a).getValue();

		for (int i = 0; i < 20; i++) {
			Selection selection = this.policy.choose(candidates,
					BalancingRequest.builder(SERVICE).cookie("SY_NODE", value).build());

			assertThat(selection.instance().getInstanceId()).isEqualTo("a");
			assertThat(selection.cookie()).isNull();
		}
	}

	@Test
	void shouldIgnoreAndReissueAForgedCookie() {
		Candidates candidates = Candidates.of(List.of(up("a"), up("b")));
		String forged = "a." + "x".repeat(43);

		Selection selection = this.policy.choose(candidates,
				BalancingRequest.builder(SERVICE)
					.cookie("SY_NODE", forged)
					.header(BalancingRequest.EXPLAIN_HEADER, "true")
					.build());

		assertThat(selection.cookie()).isNotNull();
		assertThat(selection.cookie().getValue()).isNotEqualTo(forged);
		assertThat(selection.reason()).startsWith("invalid SY_NODE cookie ignored");
	}

	@Test
	void shouldNotHonourACookieSignedWithAnotherKey() {
		StickyCookiePolicy other = new StickyCookiePolicy("other".getBytes(StandardCharsets.UTF_8));
		String value = other.cookie(up("a")).getValue();

		String bound = this.policy.verify(SERVICE, value);

		assertThat(bound).isNull();
	}

	@Test
	void shouldHonourACookieOfTheOldKeyAfterARotationAndSignItAgainWithTheNewOne() {
		byte[] oldKey = "secret".getBytes(StandardCharsets.UTF_8);
		byte[] newKey = "rotated".getBytes(StandardCharsets.UTF_8);
		StickyCookiePolicy rotated = new StickyCookiePolicy(List.of(newKey, oldKey));
		String old = this.policy.cookie(up("b")).getValue();

		Selection selection = rotated.choose(Candidates.of(List.of(up("a"), up("b"), up("c"))),
				BalancingRequest.builder(SERVICE).cookie("SY_NODE", old).build());

		assertThat(selection.instance().getInstanceId()).isEqualTo("b");
		assertThat(selection.cookie()).isNotNull();
		assertThat(selection.cookie().getValue()).isEqualTo(new StickyCookiePolicy(newKey).cookie(up("b")).getValue());
		assertThat(this.policy.verify(SERVICE, selection.cookie().getValue())).as("the old key alone").isNull();
	}

	@Test
	void shouldSignWithTheFirstKeyOnly() {
		byte[] oldKey = "secret".getBytes(StandardCharsets.UTF_8);
		StickyCookiePolicy rotated = new StickyCookiePolicy(
				List.of("rotated".getBytes(StandardCharsets.UTF_8), oldKey));
		String current = rotated.cookie(up("a")).getValue();

		Selection selection = rotated.choose(Candidates.of(List.of(up("a"), up("b"))),
				BalancingRequest.builder(SERVICE).cookie("SY_NODE", current).build());

		assertThat(current).isNotEqualTo(this.policy.cookie(up("a")).getValue());
		assertThat(selection.instance().getInstanceId()).isEqualTo("a");
		assertThat(selection.cookie()).as("no new cookie for a current one").isNull();
	}

	@Test
	void shouldRebindWhenTheBoundInstanceIsGone() {
		Candidates candidates = Candidates.of(List.of(up("b"), up("c")));
		String value = this.policy.cookie(up("a")).getValue();

		Selection selection = this.policy.choose(candidates,
				BalancingRequest.builder(SERVICE).cookie("SY_NODE", value).build());

		assertThat(selection.instance().getInstanceId()).isIn("b", "c");
		assertThat(selection.cookie().getValue()).startsWith(selection.instance().getInstanceId() + ".");
	}

	@Test
	void shouldNotGiveADrainingInstanceToAnUnboundClient() {
		Candidates candidates = new Candidates(List.of(up("b")), List.of(draining("a"), up("b")));

		for (int i = 0; i < 20; i++) {
			Selection selection = this.policy.choose(candidates, BalancingRequest.builder(SERVICE).build());

			assertThat(selection.instance().getInstanceId()).isEqualTo("b");
		}
	}

}
