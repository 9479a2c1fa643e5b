package dev.switchyard.web.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.RequestPath;
import org.springframework.web.util.pattern.PatternParseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ProtectedRequestsTests {

	private final ProtectedRequests admin = ProtectedRequests.paths("/admin/**");

	private final ProtectedRequests writes = ProtectedRequests.paths("/v1/**")
		.exceptMethods(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "/admin", "/admin/", "/admin/lb", "/admin;x/lb", "/admin;/lb", "/admin;a=b/lb",
			"/%61dmin/lb", "/%61%64%6D%69%6E/lb", "/admin/lb;x", "/admin/lb/routes/a%2Fb", "/admin/lb/" })
	void shouldMatchEverySpellingTheHandlerMappingsMatch(String path) {
		assertThat(this.admin.matches(HttpMethod.GET, parse(path))).isTrue();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "/", "/api/whoami", "/administrator", "/ADMIN/lb", "//admin/lb", "/x/../admin/lb",
			"/admin%2Flb", "/admin%3Bx/lb", "/cluster/admin" })
	void shouldNotMatchWhatNoAdminHandlerMatchesEither(String path) {
		assertThat(this.admin.matches(HttpMethod.GET, parse(path))).isFalse();
	}

	@Test
	void shouldLeaveTheOpenMethodsOpen() {
		assertThat(this.writes.matches(HttpMethod.GET, parse("/v1/services/a"))).isFalse();
		assertThat(this.writes.matches(HttpMethod.HEAD, parse("/v1/services/a"))).isFalse();
		assertThat(this.writes.matches(HttpMethod.OPTIONS, parse("/v1/services/a"))).isFalse();
		for (HttpMethod method : new HttpMethod[] { HttpMethod.PUT, HttpMethod.POST, HttpMethod.PATCH,
				HttpMethod.DELETE, HttpMethod.valueOf("PROPFIND") }) {
			assertThat(this.writes.matches(method, parse("/v1;x/kv/a"))).as(method.name()).isTrue();
		}
		assertThat(this.writes.matches(HttpMethod.PUT, parse("/actuator/health"))).isFalse();
	}

	@Test
	void shouldMatchEitherRuleOfACombination() {
		ProtectedRequests both = this.admin.and(this.writes);

		assertThat(both.matches(HttpMethod.GET, parse("/admin/lb"))).isTrue();
		assertThat(both.matches(HttpMethod.DELETE, parse("/v1/services/a/instances/b"))).isTrue();
		assertThat(both.matches(HttpMethod.GET, parse("/v1/services/a"))).isFalse();
		assertThat(both).hasToString("/admin/**, /v1/** except " + this.writes.rules().get(0).openMethods());
		assertThatIllegalStateException().isThrownBy(() -> both.exceptMethods(HttpMethod.GET));
	}

	@Test
	void shouldRefuseAPatternThatDoesNotParse() {
		assertThatIllegalArgumentException().isThrownBy(() -> ProtectedRequests.paths())
			.withMessageContaining("pattern");
		assertThatExceptionOfType(PatternParseException.class).isThrownBy(() -> ProtectedRequests.paths("/admin/{"));
	}

	private static RequestPath parse(String path) {
		return RequestPath.parse(path, null);
	}

}
