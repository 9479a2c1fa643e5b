package dev.switchyard.node.admin;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;

import dev.switchyard.node.NodeWebMvcTest;
import dev.switchyard.node.chaos.ChaosMonkey;
import dev.switchyard.node.chaos.ChaosSettings;
import dev.switchyard.test.FreePorts;
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
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every protected call of the node, as its own handler mappings have them, in every
 * spelling, sent without a token over a socket to its Tomcat: each is refused (401), or
 * reaches no handler (400, 404), and none has an effect. The admin rate limits are off,
 * so that every refusal is the token's.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.data.redis.url=redis://127.0.0.1:1", "node.catalog.startup-wait=0s",
				"node.admin.token=" + NodeWebMvcTest.ADMIN_TOKEN, "node.admin.rate-limit.enabled=false" })
@Import(AdminPathSpellingTests.Probe.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminPathSpellingTests {

	/**
	 * Bodies the handlers accept, so that a handler reached would act, not answer 400.
	 */
	private static final Map<String, String> BODIES = Map.of("PUT /admin/chaos", "{\"latencyMs\":1}");

	private final Map<Integer, Integer> statuses = new TreeMap<>();

	private final Map<Integer, String> examples = new TreeMap<>();

	@LocalServerPort
	private int port;

	@Autowired
	private ApplicationContext context;

	@Autowired
	private ProtectedRequests adminRequests;

	@Autowired
	private ReachedHandlers reached;

	@Autowired
	private ChaosMonkey monkey;

	@DynamicPropertySource
	static void registryProperties(DynamicPropertyRegistry registry) {
		registry.add("registry.client.urls", () -> "http://127.0.0.1:" + FreePorts.find());
	}

	@AfterAll
	void printStatuses() {
		System.out.println("node: answers to the spellings without a token, by status: " + this.statuses);
		this.examples.forEach((status, row) -> System.out.println("  " + status + ", e.g. " + row));
	}

	@Test
	void shouldProtectEveryHandlerOfTheAdminApi() {
		List<Handler> admin = HandlerMappings.servlet(this.context)
			.stream()
			.filter((handler) -> handler.type().getPackageName().endsWith(".admin")
					|| handler.type().getSimpleName().contains("Admin")
					|| handler.patterns().stream().anyMatch((pattern) -> pattern.startsWith("/admin")))
			.toList();

		assertThat(admin).hasSizeGreaterThanOrEqualTo(3);
		assertThat(admin).allSatisfy((handler) -> assertThat(ProtectedCalls.covers(handler, isProtected(), Map.of()))
			.as("%s is protected", handler)
			.isTrue());
	}

	@Test
	void shouldReachEveryProtectedHandlerWithTheToken() {
		for (ProtectedCall call : calls()) {
			this.reached.drain();

			RawHttp.Response response = RawHttp.send(this.port, call.method(), call.path(),
					Map.of("Authorization", "Bearer " + NodeWebMvcTest.ADMIN_TOKEN), body(call));

			assertThat(response.status()).as("%s: %s", call, response.body()).isNotIn(401, 404, 405);
			assertThat(this.reached.drain()).as("%s", call).contains(call.handler());
		}
		this.monkey.clear();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("rows")
	void shouldRefuseEverySpellingWithoutTheToken(SpellingRow row) {
		ChaosSettings chaos = this.monkey.settings();
		this.reached.drain();

		RawHttp.Response response = RawHttp.send(this.port, row.method(), row.path(), Map.of(), body(row.call()));

		this.statuses.merge(response.status(), 1, Integer::sum);
		this.examples.putIfAbsent(response.status(), row.toString());
		row.assertRefused(response, protectedHandlersReached());
		assertThat(this.monkey.settings()).as("the chaos after %s", row).isEqualTo(chaos);
	}

	List<SpellingRow> rows() {
		List<ProtectedCall> calls = calls();
		System.out.println("node: " + calls.size() + " protected calls derived from its handler mappings:");
		calls.forEach((call) -> System.out.println("  " + call));
		List<SpellingRow> rows = SpellingRow.of(calls);
		System.out.println("node: " + rows.size() + " spellings");
		return rows;
	}

	private List<ProtectedCall> calls() {
		return ProtectedCalls.derive(HandlerMappings.servlet(this.context), isProtected(), Map.of());
	}

	private List<String> protectedHandlersReached() {
		Set<String> handlers = calls().stream().map(ProtectedCall::handler).collect(Collectors.toSet());
		return this.reached.drain().stream().filter(handlers::contains).toList();
	}

	private BiPredicate<String, String> isProtected() {
		return (method, path) -> this.adminRequests.matches(HttpMethod.valueOf(method), RequestPath.parse(path, null));
	}

	private static String body(ProtectedCall call) {
		String body = BODIES.get(call.method() + " " + call.pattern());
		return (body != null || call.method().equals("GET") || call.method().equals("DELETE")) ? body : "{}";
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
