package dev.switchyard.node.catalog;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.switchyard.node.NodeWebMvcTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

@NodeWebMvcTest(CatalogController.class)
@Import({ LocalCatalog.class, CatalogControllerTests.AppliedAtOnceLog.class })
@TestPropertySource(properties = "node.catalog.max-wait=100ms")
class CatalogControllerTests {

	@Autowired
	private MockMvcTester mvc;

	@Autowired
	private LocalCatalog catalog;

	@BeforeEach
	void loadCatalog() {
		this.catalog.markLoaded();
	}

	@Test
	void shouldAnswerWriteWithItsVersionAndServeItLocally() {
		long before = this.catalog.version();

		MvcTestResult written = put("/api/catalog/colour.primary", """
				{"value":"blue"}""");
		MvcTestResult read = this.mvc.get().uri("/api/catalog/colour.primary").exchange();

		assertThat(written).hasStatusOk()
			.hasHeader("X-Instance-Id", "node-a")
			.hasHeader("X-Catalog-Version", String.valueOf(before + 1));
		assertThat(written).bodyJson().isLenientlyEqualTo("""
				{"instanceId":"node-a","key":"colour.primary","value":"blue","version":%d}""".formatted(before + 1));
		assertThat(read).hasStatusOk().hasHeader("X-Catalog-Version", String.valueOf(before + 1));
		assertThat(read).bodyJson().isLenientlyEqualTo("""
				{"instanceId":"node-a","key":"colour.primary","value":"blue","version":%d}""".formatted(before + 1));
	}

	@Test
	void shouldListEveryEntrySortedByKeyWithVersion() {
		put("/api/catalog/list-b", """
				{"value":"2"}""");
		put("/api/catalog/list-a", """
				{"value":"1"}""");

		MvcTestResult listing = this.mvc.get().uri("/api/catalog").exchange();

		assertThat(listing).hasStatusOk();
		assertThat(listing).bodyJson().extractingPath("$.instanceId").isEqualTo("node-a");
		assertThat(listing).bodyJson()
			.extractingPath("$.version")
			.asNumber()
			.satisfies((version) -> assertThat(version.longValue()).isEqualTo(this.catalog.version()));
		assertThat(listing).bodyJson()
			.extractingPath("$.entries[*].key")
			.asArray()
			.containsSubsequence("list-a", "list-b")
			.isSortedAccordingTo(Comparator.comparing(Object::toString));
		assertThat(listing).bodyJson()
			.extractingPath("$.entries[?(@.key=='list-a')].value")
			.asArray()
			.containsExactly("1");
	}

	@Test
	void shouldAcceptValueOfExactly4KiB() {
		MvcTestResult written = put("/api/catalog/big", "{\"value\":\"" + "é".repeat(2048) + "\"}");

		assertThat(written).hasStatusOk();
	}

	@Test
	void shouldRejectValueOverBodyLimitWith413() {
		long before = this.catalog.version();

		MvcTestResult written = put("/api/catalog/huge", "{\"value\":\"" + "v".repeat(1024 * 1024) + "\"}");

		assertProblem(written, HttpStatus.CONTENT_TOO_LARGE);
		assertThat(written).bodyJson()
			.extractingPath("$.detail")
			.isEqualTo("The request body exceeds the limit of 65536 bytes");
		assertThat(this.catalog.version()).isEqualTo(before);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "/api/catalog/a/b", "/api/catalog/a%2Fb", "/api/catalog/..%2Fetc", "/api/catalog/a%5Cb",
			"/api/catalog/a%20b", "/api/catalog/..", "/api/catalog/%2E", "/api/catalog/", "/api/catalog/caf%C3%A9",
			"/api/catalog/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" })
	void shouldRejectInvalidKey(String path) {
		MvcTestResult written = put(path, """
				{"value":"x"}""");
		MvcTestResult read = this.mvc.get().uri(path).exchange();

		for (MvcTestResult result : new MvcTestResult[] { written, read }) {
			assertProblem(result, HttpStatus.BAD_REQUEST);
			assertThat(result).bodyJson().extractingPath("$.title").isEqualTo("Invalid catalog key");
			assertThat(result).bodyJson()
				.extractingPath("$.detail")
				.isEqualTo("A key is 1 to 128 letters, digits, '.', '_' or '-', and not '.' or '..'.");
		}
	}

	@Test
	void shouldAcceptKeyOf128Characters() {
		MvcTestResult written = put("/api/catalog/" + "k".repeat(128), """
				{"value":"x"}""");

		assertThat(written).hasStatusOk();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "{}", "{\"value\":null}" })
	void shouldRejectMissingValue(String body) {
		MvcTestResult written = put("/api/catalog/k", body);

		assertProblem(written, HttpStatus.BAD_REQUEST);
		assertThat(written).bodyJson().extractingPath("$.errors[0].field").isEqualTo("value");
		assertThat(written).bodyJson().extractingPath("$.errors[0].message").isEqualTo("must not be null");
	}

	@Test
	void shouldRejectValueLongerThan4KiB() {
		MvcTestResult ascii = put("/api/catalog/k", "{\"value\":\"" + "a".repeat(4097) + "\"}");
		MvcTestResult multiByte = put("/api/catalog/k", "{\"value\":\"" + "é".repeat(2049) + "\"}");

		for (MvcTestResult result : new MvcTestResult[] { ascii, multiByte }) {
			assertProblem(result, HttpStatus.BAD_REQUEST);
			assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("value");
			assertThat(result).bodyJson()
				.extractingPath("$.errors[0].message")
				.isEqualTo("must be at most 4096 bytes in UTF-8");
		}
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "{\"value\":{\"nested\":1}}", "{\"value\":[\"x\"]}", "not json" })
	void shouldRejectBodyThatIsNotAStringValue(String body) {
		MvcTestResult written = put("/api/catalog/k", body);

		assertProblem(written, HttpStatus.BAD_REQUEST);
	}

	@Test
	void shouldAnswer404ForUnknownKey() {
		MvcTestResult read = this.mvc.get().uri("/api/catalog/never-written").exchange();

		assertProblem(read, HttpStatus.NOT_FOUND);
		assertThat(read).bodyJson().extractingPath("$.detail").isEqualTo("The catalog has no key 'never-written'.");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "/api/catalog?minVersion=-1", "/api/catalog/k?minVersion=-1" })
	void shouldRejectNegativeMinVersion(String uri) {
		MvcTestResult read = this.mvc.get().uri(uri).exchange();

		assertProblem(read, HttpStatus.BAD_REQUEST);
		assertThat(read).bodyJson().extractingPath("$.detail").isEqualTo("minVersion must be 0 or more, was -1.");
	}

	@Test
	void shouldRejectMinVersionThatIsNotANumber() {
		MvcTestResult query = this.mvc.get().uri("/api/catalog?minVersion=latest").exchange();
		MvcTestResult header = this.mvc.get().uri("/api/catalog").header("X-Min-Version", "1.5").exchange();

		assertProblem(query, HttpStatus.BAD_REQUEST);
		assertProblem(header, HttpStatus.BAD_REQUEST);
	}

	@Test
	void shouldAnswer503WhenMinVersionIsNotReachedInTime() {
		long wanted = this.catalog.version() + 1000;

		MvcTestResult query = this.mvc.get().uri("/api/catalog?minVersion=" + wanted).exchange();
		MvcTestResult header = this.mvc.get()
			.uri("/api/catalog")
			.header("X-Min-Version", String.valueOf(wanted))
			.exchange();

		for (MvcTestResult result : new MvcTestResult[] { query, header }) {
			assertProblem(result, HttpStatus.SERVICE_UNAVAILABLE);
			assertThat(result).hasHeader("Retry-After", "1");
			assertThat(result).bodyJson().extractingPath("$.title").isEqualTo("Catalog version not reached");
			assertThat(result).bodyJson()
				.extractingPath("$.minVersion")
				.asNumber()
				.satisfies((minVersion) -> assertThat(minVersion.longValue()).isEqualTo(wanted));
		}
	}

	@Test
	void shouldServeReadAtOnceWhenMinVersionIsApplied() {
		MvcTestResult written = put("/api/catalog/now", """
				{"value":"here"}""");
		long version = this.catalog.version();

		MvcTestResult read = this.mvc.get().uri("/api/catalog/now?minVersion=" + version).exchange();

		assertThat(written).hasStatusOk();
		assertThat(read).hasStatusOk();
		assertThat(read).bodyJson().extractingPath("$.value").isEqualTo("here");
	}

	private MvcTestResult put(String uri, String body) {
		return this.mvc.put().uri(uri).contentType(MediaType.APPLICATION_JSON).content(body).exchange();
	}

	private static void assertProblem(MvcTestResult result, HttpStatus status) {
		assertThat(result).hasStatus(status)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.hasHeader("X-Instance-Id", "node-a");
		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(status.value());
		assertThat(result).bodyJson().extractingPath("$.instanceId").isEqualTo("node-a");
	}

	/**
	 * A log that applies each write to the local copy as it is appended, as the
	 * replicator would a moment later.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class AppliedAtOnceLog {

		@Bean
		CatalogLog catalogLog(LocalCatalog catalog) {
			AtomicLong versions = new AtomicLong();
			return (key, value) -> {
				long version = versions.incrementAndGet();
				catalog.apply(List.of(new CatalogEntry(key, value, version)));
				return version;
			};
		}

	}

}
