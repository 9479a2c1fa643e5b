package dev.switchyard.test.spelling;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The spellings test of one application: its protected calls, derived from its handler
 * mappings, the rows of their spellings, and the sending of each without a token, with a
 * tally of the answers by status for the record.
 */
public final class SpellingsTest {

	private final String application;

	private final List<ProtectedCall> calls;

	private final ReachedHandlers reached;

	private final Map<String, String> bodies;

	private final Map<Integer, Integer> statuses = new TreeMap<>();

	private final Map<Integer, String> examples = new TreeMap<>();

	/**
	 * Create the test of an application.
	 * @param application its name, for the record
	 * @param handlers its handler methods ({@link HandlerMappings})
	 * @param isProtected whether it protects a method and a path
	 * @param variables values of path variables, by name
	 * @param bodies bodies its handlers accept, by {@code METHOD pattern}, so that a
	 * handler reached would act rather than answer 400; others get {@code {}} (none for
	 * {@code GET} and {@code DELETE})
	 * @param reached the probe of the handlers requests reach
	 */
	public SpellingsTest(String application, List<Handler> handlers, BiPredicate<String, String> isProtected,
			Map<String, String> variables, Map<String, String> bodies, ReachedHandlers reached) {
		this.application = application;
		this.calls = ProtectedCalls.derive(handlers, isProtected, variables);
		this.bodies = bodies;
		this.reached = reached;
	}

	/**
	 * Return the protected calls.
	 * @return the calls
	 */
	public List<ProtectedCall> calls() {
		return this.calls;
	}

	/**
	 * Return a row for each spelling of each protected call, and print the calls.
	 * @return the rows
	 */
	public List<SpellingRow> rows() {
		System.out.println(
				this.application + ": " + this.calls.size() + " protected calls derived from its handler mappings:");
		this.calls.forEach((call) -> System.out.println("  " + call));
		List<SpellingRow> rows = SpellingRow.of(this.calls);
		System.out.println(this.application + ": " + rows.size() + " spellings");
		return rows;
	}

	/**
	 * Return the body to send with a call.
	 * @param call the call
	 * @return the body, or {@code null}
	 */
	public String body(ProtectedCall call) {
		String body = this.bodies.get(call.method() + " " + call.pattern());
		return (body != null || call.method().equals("GET") || call.method().equals("DELETE")) ? body : "{}";
	}

	/**
	 * Send each protected call as written, with the token, and assert that it reaches its
	 * handler: what the rows refuse is reachable, so a refusal is the check's doing.
	 * @param port the application's port
	 * @param token the token
	 */
	public void assertEveryCallReachesItsHandlerWithTheToken(int port, String token) {
		for (ProtectedCall call : this.calls) {
			this.reached.drain();

			RawHttp.Response response = RawHttp.send(port, call.method(), call.path(),
					Map.of("Authorization", "Bearer " + token), body(call));

			assertThat(response.status()).as("%s: %s", call, response.body()).isNotIn(401, 404, 405);
			assertThat(this.reached.drain()).as("%s", call).contains(call.handler());
		}
	}

	/**
	 * Send a row without a token and assert that it was refused and reached no protected
	 * handler ({@link SpellingRow#assertRefused}).
	 * @param port the application's port
	 * @param row the row
	 */
	public void assertRefused(int port, SpellingRow row) {
		this.reached.drain();

		RawHttp.Response response = RawHttp.send(port, row.method(), row.path(), Map.of(), body(row.call()));

		this.statuses.merge(response.status(), 1, Integer::sum);
		this.examples.putIfAbsent(response.status(), row.toString());
		Set<String> handlers = this.calls.stream().map(ProtectedCall::handler).collect(Collectors.toSet());
		row.assertRefused(response, this.reached.drain().stream().filter(handlers::contains).toList());
	}

	/**
	 * Print the answers to the rows by status, with an example of each.
	 */
	public void printStatuses() {
		System.out
			.println(this.application + ": answers to the spellings without a token, by status: " + this.statuses);
		this.examples.forEach((status, row) -> System.out.println("  " + status + ", e.g. " + row));
	}

}
