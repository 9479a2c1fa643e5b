package dev.switchyard.web.security;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.switchyard.web.ratelimit.AddressRateLimiter;
import dev.switchyard.web.ratelimit.RateLimits;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;

import static org.assertj.core.api.Assertions.assertThat;

class BearerTokenInterceptorTests {

	private static final String TOKEN = "registry-token";

	private final Handlers handlers = new Handlers();

	private final MockMvcTester mvc = mvc(new RateLimits(true, 100, 100, 1, 2, 100));

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "/v1/kv/a", "/v1;x/kv/a", "/v1/kv;/a", "/%76%31/kv/a", "/v1/kv/a;a=b" })
	void shouldRefuseAWriteWithoutTheTokenWhateverItsSpelling(String path) {
		MvcTestResult result = this.mvc.put().uri(URI.create(path)).exchange();

		assertThat(result).hasStatus(401);
		assertThat(result.getResponse().getHeader(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Bearer realm=\"test\"");
		assertThat(this.handlers.calls).isZero();
	}

	@Test
	void shouldLeaveReadsOpenAndLetTheTokenWrite() {
		assertThat(this.mvc.get().uri(URI.create("/v1;x/kv/a")).exchange()).hasStatusOk();
		assertThat(this.mvc.put().uri("/v1/kv/a").header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN).exchange())
			.hasStatusOk();

		assertThat(this.handlers.calls).isEqualTo(2);
	}

	@Test
	void shouldProtectEveryMethodOfAnAdminPath() {
		assertThat(this.mvc.get().uri(URI.create("/admin;x/chaos")).exchange()).hasStatus(401);
		assertThat(this.mvc.get().uri("/admin/chaos").header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN).exchange())
			.hasStatusOk();
	}

	@Test
	void shouldCountARequestOnceWhenTwoRulesMatchIt() {
		MockMvcTester overlapping = mvc(new RateLimits(true, 1, 1, 1, 1, 100),
				ProtectedRequests.paths("/v1/**").and(ProtectedRequests.paths("/v1/kv/**")));

		assertThat(overlapping.put().uri("/v1/kv/a").header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN).exchange())
			.as("one request of a burst of one")
			.hasStatusOk();
	}

	private MockMvcTester mvc(RateLimits limits) {
		return mvc(limits,
				ProtectedRequests.paths("/v1/**")
					.exceptMethods(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS)
					.and(ProtectedRequests.paths("/admin/**")));
	}

	private MockMvcTester mvc(RateLimits limits, ProtectedRequests protectedRequests) {
		BearerTokenInterceptor interceptor = new BearerTokenInterceptor(new BearerTokenAuthenticator(TOKEN,
				"test.token", "test", new AddressRateLimiter(limits, new FrozenTime())));
		Registry registry = new Registry();
		interceptor.register(registry, protectedRequests);
		return MockMvcTester.create(MockMvcBuilders.standaloneSetup(this.handlers)
			.addInterceptors(registry.interceptors().toArray(HandlerInterceptor[]::new))
			.build());
	}

	/**
	 * Gives the test the interceptors a registration produced.
	 */
	static final class Registry extends InterceptorRegistry {

		List<HandlerInterceptor> interceptors() {
			return getInterceptors().stream().map(HandlerInterceptor.class::cast).toList();
		}

	}

	@RestController
	static final class Handlers {

		int calls;

		@GetMapping("/v1/kv/{key}")
		String read() {
			return "read " + ++this.calls;
		}

		@PutMapping("/v1/kv/{key}")
		String write() {
			return "write " + ++this.calls;
		}

		@GetMapping("/admin/chaos")
		String chaos() {
			return "chaos " + ++this.calls;
		}

	}

}
