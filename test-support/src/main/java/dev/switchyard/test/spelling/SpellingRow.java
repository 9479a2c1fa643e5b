package dev.switchyard.test.spelling;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One row of the spellings test: a protected call, sent with one spelling of its path.
 *
 * @param call the protected call
 * @param spelling the spelling of its path
 */
public record SpellingRow(ProtectedCall call, PathSpelling spelling) {

	/**
	 * The answers that show a request reached no handler: refused for want of the token,
	 * refused as malformed, or matched to no handler.
	 */
	public static final Set<Integer> REFUSED = Set.of(401, 400, 404);

	/**
	 * Return a row for each spelling of each call.
	 * @param calls the protected calls
	 * @return the rows
	 */
	public static List<SpellingRow> of(Collection<ProtectedCall> calls) {
		List<SpellingRow> rows = new ArrayList<>();
		for (ProtectedCall call : calls) {
			PathSpellings.of(call.path()).forEach((spelling) -> rows.add(new SpellingRow(call, spelling)));
		}
		return rows;
	}

	/**
	 * Return the method to send.
	 * @return the method
	 */
	public String method() {
		return this.call.method();
	}

	/**
	 * Return the path to send.
	 * @return the spelled path
	 */
	public String path() {
		return this.spelling.path();
	}

	/**
	 * Assert that the answer to this row, sent without a token, came from no handler: a
	 * 401, 400 or 404, or a 405 whose {@code Allow} does not name the row's method (the
	 * server found a handler for the path, but not for the method, which the protected
	 * handler takes: so the path it matched is not the protected handler's), and that no
	 * protected handler was reached.
	 * @param response the answer
	 * @param reachedProtectedHandlers the protected handlers that ran for this request
	 */
	public void assertRefused(RawHttp.Response response, Collection<String> reachedProtectedHandlers) {
		assertThat(reachedProtectedHandlers)
			.as("protected handlers reached by %s; answer %s %s", this, response.status(), response.body())
			.isEmpty();
		if (response.status() == 405) {
			String allow = response.header("Allow");
			assertThat(allow).as("Allow of the 405 to %s", this).isNotNull();
			assertThat(List.of(allow.split("\\s*,\\s*"))).as("Allow of the 405 to %s", this).doesNotContain(method());
			return;
		}
		assertThat(response.status()).as("%s answered %s", this, response.body()).isIn(REFUSED);
	}

	@Override
	public String toString() {
		return method() + " " + path() + "  (" + this.spelling.name() + "; " + this.call.handler() + ")";
	}

}
