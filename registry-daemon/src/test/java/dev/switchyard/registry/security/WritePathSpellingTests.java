package dev.switchyard.registry.security;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.switchyard.test.spelling.Handler;
import dev.switchyard.test.spelling.HandlerMappings;
import dev.switchyard.test.spelling.ProtectedCalls;
import dev.switchyard.test.spelling.RawHttp;
import dev.switchyard.test.spelling.ReachedHandlers;
import dev.switchyard.test.spelling.ReachedHandlersMvcConfiguration;
import dev.switchyard.test.spelling.SpellingRow;
import dev.switchyard.test.spelling.SpellingsTest;
import dev.switchyard.web.security.ProtectedRequests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.RequestPath;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every write of the registry, as its own handler mappings have them, in every spelling,
 * sent without a token over a socket to its Tomcat: each is refused (401), or reaches no
 * handler (400, 404), and the instance the writes name stays as it was. The rate limits
 * are off, so that every refusal is the token's.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "registry.security.token=" + WritePathSpellingTests.TOKEN,
				"registry.security.rate-limit.enabled=false" })
@Import(ReachedHandlersMvcConfiguration.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WritePathSpellingTests {

	static final String TOKEN = "test-token";

	private static final Map<String, String> VARIABLES = Map.of("service", "spelling", "instanceId", "spelling-1",
			"key", "spelling/key");

	private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

	@LocalServerPort
	private int port;

	@Autowired
	private ApplicationContext context;

	@Autowired
	private ProtectedRequests protectedWrites;

	@Autowired
	private ReachedHandlers reached;

	private SpellingsTest test;

	@BeforeAll
	void registerTheInstanceTheWritesName() {
		this.test = new SpellingsTest("registry", HandlerMappings.servlet(this.context), this::isProtected, VARIABLES,
				Map.of("PUT /v1/services/{service}/instances/{instanceId}",
						"{\"host\":\"127.0.0.1\",\"port\":" + this.port + ",\"ttlSeconds\":60}",
						"PUT /v1/services/{service}/instances/{instanceId}/status", "{\"status\":\"DRAINING\"}",
						"PATCH /v1/services/{service}/instances/{instanceId}/metadata", "{\"weight\":\"2\"}"),
				this.reached);
		assertThat(register().status()).isEqualTo(200);
	}

	@AfterAll
	void printStatuses() {
		this.test.printStatuses();
	}

	@Test
	void shouldProtectEveryWriteUnderV1() {
		List<Handler> writes = HandlerMappings.servlet(this.context)
			.stream()
			.filter((handler) -> handler.patterns().stream().anyMatch((pattern) -> pattern.startsWith("/v1/")))
			.filter((handler) -> handler.methods().isEmpty() || !READS.containsAll(handler.methods()))
			.toList();

		assertThat(writes).hasSizeGreaterThanOrEqualTo(5);
		assertThat(writes)
			.allSatisfy((handler) -> assertThat(ProtectedCalls.derive(List.of(handler), this::isProtected, VARIABLES))
				.as("%s is protected", handler)
				.hasSize(handler.patterns().size()
						* (int) handler.methods().stream().filter((method) -> !READS.contains(method)).count()));
	}

	@Test
	void shouldReachEveryProtectedHandlerWithTheToken() {
		this.test.assertEveryCallReachesItsHandlerWithTheToken(this.port, TOKEN);

		assertThat(register().status()).isEqualTo(200);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("rows")
	void shouldRefuseEverySpellingWithoutTheToken(SpellingRow row) {
		String instance = instance();

		this.test.assertRefused(this.port, row);

		assertThat(instance()).as("the instance after %s", row).isEqualTo(instance);
	}

	List<SpellingRow> rows() {
		return this.test.rows();
	}

	/**
	 * Register the instance the writes name, on the registry's own port so that its
	 * health checks pass, with the longest lease, so that nothing but a write changes it.
	 */
	private RawHttp.Response register() {
		return RawHttp.send(this.port, "PUT", "/v1/services/spelling/instances/spelling-1",
				Map.of("Authorization", "Bearer " + TOKEN),
				"{\"host\":\"127.0.0.1\",\"port\":" + this.port + ",\"ttlSeconds\":3600}");
	}

	private String instance() {
		RawHttp.Response response = RawHttp.send(this.port, "GET", "/v1/services/spelling", Map.of(), null);
		assertThat(response.status()).isEqualTo(200);
		return response.body();
	}

	private boolean isProtected(String method, String path) {
		return this.protectedWrites.matches(HttpMethod.valueOf(method), RequestPath.parse(path, null));
	}

}
