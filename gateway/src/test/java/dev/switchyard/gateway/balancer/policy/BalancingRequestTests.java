package dev.switchyard.gateway.balancer.policy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class BalancingRequestTests {

	@Test
	void shouldReadTheRequestsHeadersAndCookiesWithoutChangingThem() {
		HttpHeaders headers = new HttpHeaders();
		headers.add("X-LB-Explain", "true");
		MultiValueMap<String, String> cookies = new LinkedMultiValueMap<>();
		cookies.add("SY_NODE", "a.sig");

		BalancingRequest request = BalancingRequest.builder("node-service")
			.headers(headers)
			.header("X-Tenant", "t1")
			.cookies(cookies)
			.cookie("other", "1")
			.build();

		assertThat(request.explain()).isTrue();
		assertThat(request.headers().getFirst("X-Tenant")).isEqualTo("t1");
		assertThat(request.cookies().getFirst("SY_NODE")).isEqualTo("a.sig");
		assertThat(request.cookies().getFirst("other")).isEqualTo("1");
		assertThat(headers.containsHeader("X-Tenant")).as("the request's own headers").isFalse();
		assertThat(cookies.containsKey("other")).as("the request's own cookies").isFalse();
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> request.headers().add("X-Other", "1"));
	}

	@Test
	void shouldKeepTheExcludedInstancesAsTheyWereWhenBuilt() {
		Map<String, String> excluded = new LinkedHashMap<>();
		excluded.put("a", "connect failed");

		BalancingRequest request = BalancingRequest.builder("node-service").excluded(excluded).build();
		excluded.put("b", "answered 503");

		assertThat(request.excluded()).containsOnlyKeys("a");
		assertThat(BalancingRequest.builder("node-service").build().excluded()).isEmpty();
		assertThat(BalancingRequest.builder("node-service").build().headers().isEmpty()).isTrue();
	}

}
