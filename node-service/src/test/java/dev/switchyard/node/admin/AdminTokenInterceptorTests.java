package dev.switchyard.node.admin;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AdminTokenInterceptorTests {

	@Test
	void shouldAcceptOnlyTheConfiguredToken() {
		AdminTokenInterceptor interceptor = new AdminTokenInterceptor(new AdminProperties("s3cret"));

		assertThat(interceptor.isAuthorized("Bearer s3cret")).isTrue();
		assertThat(interceptor.isAuthorized("Bearer s3cre")).isFalse();
		assertThat(interceptor.isAuthorized("Bearer s3cret2")).isFalse();
		assertThat(interceptor.isAuthorized("s3cret")).isFalse();
		assertThat(interceptor.isAuthorized(null)).isFalse();
	}

	@Test
	void shouldRejectEverythingWithoutConfiguredToken() {
		AdminTokenInterceptor interceptor = new AdminTokenInterceptor(new AdminProperties(""));

		assertThat(interceptor.isAuthorized("Bearer ")).isFalse();
		assertThat(interceptor.isAuthorized("Bearer")).isFalse();
		assertThat(interceptor.isAuthorized("Bearer anything")).isFalse();
	}

}
