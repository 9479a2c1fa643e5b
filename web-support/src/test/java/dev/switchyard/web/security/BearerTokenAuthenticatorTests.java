package dev.switchyard.web.security;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.switchyard.web.ratelimit.AddressRateLimiter;
import dev.switchyard.web.ratelimit.RateLimits;

import org.springframework.http.HttpHeaders;
import org.springframework.web.ErrorResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class BearerTokenAuthenticatorTests {

	private static final String TOKEN = "s3cret";

	private static final RateLimits NO_LIMITS = new RateLimits(false, 1, 1, 1, 1, 1);

	@Test
	void shouldAcceptOnlyTheConfiguredToken() {
		BearerTokenAuthenticator authenticator = authenticator(TOKEN, NO_LIMITS);

		assertThat(authenticator.isAuthorized("Bearer s3cret")).isTrue();
		assertThat(authenticator.isAuthorized("bearer s3cret")).as("the scheme is case-insensitive").isTrue();
		assertThat(authenticator.isAuthorized("Bearer s3cre")).isFalse();
		assertThat(authenticator.isAuthorized("Bearer s3cret2")).isFalse();
		assertThat(authenticator.isAuthorized("Bearer S3CRET")).isFalse();
		assertThat(authenticator.isAuthorized("s3cret")).isFalse();
		assertThat(authenticator.isAuthorized("Basic czNjcmV0")).isFalse();
		assertThat(authenticator.isAuthorized(null)).isFalse();
	}

	@ParameterizedTest(name = "[{0}]")
	@ValueSource(strings = { "", "Bearer", "Bearer ", "Bearer anything" })
	void shouldRefuseEverythingWithoutAConfiguredToken(String authorization) {
		assertThat(authenticator(null, NO_LIMITS).isAuthorized(authorization)).isFalse();
		assertThat(authenticator("", NO_LIMITS).isAuthorized(authorization)).isFalse();
		assertThat(authenticator("  ", NO_LIMITS).isAuthorized(authorization)).isFalse();
	}

	@Test
	void shouldChallengeWithTheRealmAndNoErrorWhenNoTokenCame() {
		ErrorResponseException refused = refusal(authenticator(TOKEN, NO_LIMITS), "192.0.2.1", null);

		assertThat(refused.getStatusCode().value()).isEqualTo(401);
		assertThat(refused.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Bearer realm=\"test\"");
		assertThat(refused.getBody().getStatus()).isEqualTo(401);
		assertThat(refused.getBody().getDetail()).contains("Authorization: Bearer", "test.token (TEST_TOKEN)")
			.doesNotContain(TOKEN);
	}

	@Test
	void shouldNameTheInvalidTokenErrorWhenAWrongTokenCame() {
		ErrorResponseException refused = refusal(authenticator(TOKEN, NO_LIMITS), "192.0.2.1", "Bearer wrong");

		assertThat(refused.getStatusCode().value()).isEqualTo(401);
		assertThat(refused.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE))
			.isEqualTo("Bearer realm=\"test\", error=\"invalid_token\"");
	}

	@Test
	void shouldAnswer429WithRetryAfterOnceTheBurstIsUsed() {
		BearerTokenAuthenticator authenticator = authenticator(TOKEN, new RateLimits(true, 1, 3, 1, 2, 100));
		for (int i = 0; i < 3; i++) {
			assertThatNoException().isThrownBy(() -> authenticator.authenticate("192.0.2.1", "Bearer " + TOKEN));
		}

		ErrorResponseException refused = refusal(authenticator, "192.0.2.1", "Bearer " + TOKEN);

		assertThat(refused.getStatusCode().value()).isEqualTo(429);
		assertThat(refused.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
		assertThat(refused.getBody().getStatus()).isEqualTo(429);
		assertThatNoException().as("another address has a bucket of its own")
			.isThrownBy(() -> authenticator.authenticate("192.0.2.2", "Bearer " + TOKEN));
	}

	@Test
	void shouldRefuseEvenTheRightTokenOnceFailedAuthenticationsAreUsedUp() {
		BearerTokenAuthenticator authenticator = authenticator(TOKEN, new RateLimits(true, 1, 10, 1, 2, 100));
		List<String> wrong = List.of("Bearer wrong", "");
		wrong.forEach((authorization) -> refusal(authenticator, "192.0.2.3", authorization));

		ErrorResponseException refused = refusal(authenticator, "192.0.2.3", "Bearer " + TOKEN);

		assertThat(refused.getStatusCode().value()).isEqualTo(429);
		assertThat(refused.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).as("one failure a minute").isEqualTo("60");
	}

	@Test
	void shouldBuildItsRateLimiterFromTheProperties() {
		AdminRateLimitProperties properties = new AdminRateLimitProperties(true, 1, 1, 10, 10, 10);
		BearerTokenAuthenticator authenticator = new BearerTokenAuthenticator(TOKEN, "test.token", "test", properties);
		authenticator.authenticate("192.0.2.4", "Bearer " + TOKEN);

		assertThat(refusal(authenticator, "192.0.2.4", "Bearer " + TOKEN).getStatusCode().value()).isEqualTo(429);
	}

	private static BearerTokenAuthenticator authenticator(String token, RateLimits limits) {
		return new BearerTokenAuthenticator(token, "test.token (TEST_TOKEN)", "test",
				new AddressRateLimiter(limits, new FrozenTime()));
	}

	private static ErrorResponseException refusal(BearerTokenAuthenticator authenticator, String client,
			String authorization) {
		ErrorResponseException refused = catchThrowableOfType(ErrorResponseException.class,
				() -> authenticator.authenticate(client, authorization));
		assertThat(refused).as("refused").isNotNull();
		return refused;
	}

}
