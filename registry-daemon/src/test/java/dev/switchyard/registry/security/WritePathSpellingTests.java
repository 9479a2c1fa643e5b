package dev.switchyard.registry.security;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;

import dev.switchyard.test.spelling.Handler;
import dev.switchyard.test.spelling.HandlerMappings;
import dev.switchyard.test.spelling.ProtectedCall;
import dev.switchyard.test.spelling.ProtectedCalls;
import dev.switchyard.test.spelling.RawHttp;
import dev.switchyard.test.spelling.ReachedHandlers;
import dev.switchyard.test.spelling.ReachedHandlersInterceptor;
import dev.switchyard.test.spelling.SpellingRow;
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
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.RequestPath;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

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
@Import(WritePathSpellingTests.Probe.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WritePathSpellingTests {

	static final String TOKEN = "test-token";

	private static final Map<String, String> VARIABLES = Map.of("service", "spelling", "instanceId", "spelling-1");

	private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

	private final Map<Integer, Integer> statuses = new TreeMap<>();

	private final Map<Integer, String> examples = new TreeMap<>();

	@LocalServerPort
	private int port;

	@Autowired
	private ApplicationContext context;

	@Autowired
	private ProtectedRequests protectedWrites;

	@Autowired
	private ReachedHandlers reached;

	@BeforeAll
	void registerTheInstanceTheWritesName() {
		assertThat(register().status()).isEqualTo(200);
	}

	@AfterAll
	void printStatuses() {
		System.out.println("registry: answers to the spellings without a token, by status: " + this.statuses);
		this.examples.forEach((status, row) -> System.out.println("  " + status + ", e.g. " + row));
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
			.allSatisfy((handler) -> assertThat(ProtectedCalls.derive(List.of(handler), isProtected(), VARIABLES))
				.as("%s is protected", handler)
				.hasSize(handler.patterns().size()
						* (int) handler.methods().stream().filter((method) -> !READS.contains(method)).count()));
	}

	@Test
	void shouldReachEveryProtectedHandlerWithTheToken() {
		for (ProtectedCall call : calls()) {
			this.reached.drain();

			RawHttp.Response response = RawHttp.send(this.port, call.method(), call.path(),
					Map.of("Authorization", "Bearer " + TOKEN), body(call));

			assertThat(response.status()).as("%s: %s", call, response.body()).isNotIn(401, 404, 405);
			assertThat(this.reached.drain()).as("%s", call).contains(call.handler());
			assertThat(register().status()).isEqualTo(200);
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("rows")
	void shouldRefuseEverySpellingWithoutTheToken(SpellingRow row) {
		String instance = instance();
		this.reached.drain();

		RawHttp.Response response = RawHttp.send(this.port, row.method(), row.path(), Map.of(), body(row.call()));

		this.statuses.merge(response.status(), 1, Integer::sum);
		this.examples.putIfAbsent(response.status(), row.toString());
		row.assertRefused(response, protectedHandlersReached());
		assertThat(instance()).as("the instance after %s", row).isEqualTo(instance);
	}

	List<SpellingRow> rows() {
		List<ProtectedCall> calls = calls();
		System.out.println("registry: " + calls.size() + " protected calls derived from its handler mappings:");
		calls.forEach((call) -> System.out.println("  " + call));
		List<SpellingRow> rows = SpellingRow.of(calls);
		System.out.println("registry: " + rows.size() + " spellings");
		return rows;
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

	private List<ProtectedCall> calls() {
		return ProtectedCalls.derive(HandlerMappings.servlet(this.context), isProtected(), VARIABLES);
	}

	private List<String> protectedHandlersReached() {
		Set<String> handlers = calls().stream().map(ProtectedCall::handler).collect(Collectors.toSet());
		return this.reached.drain().stream().filter(handlers::contains).toList();
	}

	private BiPredicate<String, String> isProtected() {
		return (method, path) -> this.protectedWrites.matches(HttpMethod.valueOf(method),
				RequestPath.parse(path, null));
	}

	private String body(ProtectedCall call) {
		return switch (call.method() + " " + call.pattern()) {
			case "PUT /v1/services/{service}/instances/{instanceId}" ->
				"{\"host\":\"127.0.0.1\",\"port\":" + this.port + ",\"ttlSeconds\":60}";
			case "PUT /v1/services/{service}/instances/{instanceId}/status" -> "{\"status\":\"DRAINING\"}";
			case "PATCH /v1/services/{service}/instances/{instanceId}/metadata" -> "{\"weight\":\"2\"}";
			default -> (call.method().equals("DELETE")) ? null : "{}";
		};
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Probe implements WebMvcConfigurer {

		private final ReachedHandlers reached = new ReachedHandlers();

		@Bean
		ReachedHandlers reachedHandlers() {
			return this.reached;
		}

		@Override
		public void addInterceptors(InterceptorRegistry registry) {
			registry.addInterceptor(new ReachedHandlersInterceptor(this.reached)).order(Ordered.LOWEST_PRECEDENCE);
		}

	}

}
