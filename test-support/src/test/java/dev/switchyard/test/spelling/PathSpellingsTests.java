package dev.switchyard.test.spelling;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PathSpellingsTests {

	@Test
	void shouldStartWithThePathAsWrittenAndNeverRepeatASpelling() {
		List<PathSpelling> spellings = PathSpellings.of("/admin/lb");

		assertThat(spellings.get(0)).isEqualTo(new PathSpelling("as written", "/admin/lb"));
		assertThat(spellings).extracting(PathSpelling::path).doesNotHaveDuplicates();
		assertThat(spellings).hasSizeGreaterThan(40);
	}

	@Test
	void shouldSpellEveryKindOnEverySegment() {
		List<String> paths = PathSpellings.of("/admin/lb").stream().map(PathSpelling::path).toList();

		assertThat(paths).contains("/admin;x/lb", "/admin/lb;x", "/admin;/lb", "/admin;a=b/lb", "/%61dmin/lb",
				"/%61%64%6d%69%6e/lb", "/%61%64%6D%69%6E/lb", "/admin/%6c%62", "/admin/%6C%62", "/ADMIN/lb",
				"/admin/LB", "/admin%2Flb", "/admin%3Blb", "/a%2Fdmin/lb", "/a%3Bdmin/lb", "/admin%3Bx/lb",
				"//admin/lb", "/admin//lb", "/admin/lb/", "/admin/lb//", "/./admin/lb", "/admin/./lb", "/x/../admin/lb",
				"/admin/x/../lb", "/%2e/admin/lb", "/x/%2E%2E/admin/lb", "/ADMIN/LB", "/admin;x/lb;x", "/%61dmin;x/lb",
				"//admin;x/lb", "/admin/lb;x/", "/ADMIN;x/lb");
	}

	@Test
	void shouldRefuseWhatIsNotAPlainPath() {
		assertThatIllegalArgumentException().isThrownBy(() -> PathSpellings.of("admin"));
		assertThatIllegalArgumentException().isThrownBy(() -> PathSpellings.of("/admin?x=1"));
		assertThatIllegalArgumentException().isThrownBy(() -> PathSpellings.of("/%61dmin"));
	}

	@Test
	void shouldDeriveOnlyTheCallsTheRegistrationCovers() {
		List<Handler> handlers = List.of(
				new Handler("Admin#state", Object.class, List.of("/admin/lb"), java.util.Set.of("GET")),
				new Handler("Admin#switch", Object.class, List.of("/admin/lb/routes/{routeId}"),
						java.util.Set.of("PUT")),
				new Handler("Any#any", Object.class, List.of("/v1/kv/{*key}"), java.util.Set.of()),
				new Handler("Public#whoami", Object.class, List.of("/api/whoami"), java.util.Set.of("GET")));

		List<ProtectedCall> calls = ProtectedCalls.derive(handlers,
				(method, path) -> path.startsWith("/admin/") || (path.startsWith("/v1/") && !method.equals("GET")),
				java.util.Map.of("routeId", "api"));

		assertThat(calls).containsExactly(new ProtectedCall("GET", "/admin/lb", "/admin/lb", "Admin#state"),
				new ProtectedCall("PUT", "/admin/lb/routes/{routeId}", "/admin/lb/routes/api", "Admin#switch"),
				new ProtectedCall("DELETE", "/v1/kv/{*key}", "/v1/kv/sample", "Any#any"),
				new ProtectedCall("PATCH", "/v1/kv/{*key}", "/v1/kv/sample", "Any#any"),
				new ProtectedCall("POST", "/v1/kv/{*key}", "/v1/kv/sample", "Any#any"),
				new ProtectedCall("PUT", "/v1/kv/{*key}", "/v1/kv/sample", "Any#any"));
	}

}
