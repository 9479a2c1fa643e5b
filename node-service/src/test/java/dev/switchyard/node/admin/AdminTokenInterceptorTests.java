package dev.switchyard.node.admin;

import dev.switchyard.web.ratelimit.AddressRateLimiter;
import dev.switchyard.web.ratelimit.RateLimits;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AdminTokenInterceptorTests {

	private static final AddressRateLimiter LIMITER = new AddressRateLimiter(new RateLimits(false, 1, 1, 1, 1, 1));

	@Test
	void shouldAcceptOnlyTheConfiguredToken() {
		AdminTokenInterceptor interceptor = new AdminTokenInterceptor(new AdminProperties("s3cret"), LIMITER);

		assertThat(interceptor.isAuthorized("Bearer s3cret")).isTrue();
		assertThat(interceptor.isAuthorized("Bearer s3cre")).isFalse();
		assertThat(interceptor.isAuthorized("Bearer s3cret2")).isFalse();
		assertThat(interceptor.isAuthorized("s3cret")).isFalse();
		assertThat(interceptor.isAuthorized(null)).isFalse();
	}

	@Test
	void shouldRejectEverythingWithoutConfiguredToken() {
		AdminTokenInterceptor interceptor = new AdminTokenInterceptor(new AdminProperties(""), LIMITER);

		assertThat(interceptor.isAuthorized("Bearer ")).isFalse();
		assertThat(interceptor.isAuthorized("Bearer")).isFalse();
		assertThat(interceptor.isAuthorized("Bearer anything")).isFalse();
	}

}
