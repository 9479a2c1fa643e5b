package dev.switchyard.test.openapi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repository's {@code docs/API.md}, read as a test reads it: the calls that its
 * tables name, section by section, so that a test can hold them against an application's
 * OpenAPI description.
 */
public final class ApiDocument {

	/** The file, relative to the repository's root. */
	public static final String PATH = "docs/API.md";

	private static final Pattern CALL = Pattern.compile("`(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) (/[^`?\\s]*)[^`]*`");

	private final List<String> lines;

	private ApiDocument(List<String> lines) {
		this.lines = lines;
	}

	/**
	 * Read {@code docs/API.md} from the repository that holds the working directory.
	 * @return the document
	 */
	public static ApiDocument read() {
		Path directory = Path.of("").toAbsolutePath();
		while (directory != null && !Files.isRegularFile(directory.resolve(PATH))) {
			directory = directory.getParent();
		}
		assertThat(directory).as("a directory above %s with %s", Path.of("").toAbsolutePath(), PATH).isNotNull();
		try {
			return new ApiDocument(Files.readAllLines(directory.resolve(PATH)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return the calls named in the first cell of the table rows of a section: each
	 * {@code `METHOD /path`} in backquotes, without its query.
	 * @param heading the beginning of the section's level-2 heading, such as
	 * {@code "Registry daemon"}
	 * @return the calls, as {@code METHOD /path}, sorted
	 */
	public TreeSet<String> calls(String heading) {
		TreeSet<String> calls = new TreeSet<>();
		boolean inSection = false;
		boolean found = false;
		for (String line : this.lines) {
			if (line.startsWith("## ")) {
				inSection = line.substring(3).startsWith(heading);
				found |= inSection;
			}
			else if (inSection && line.startsWith("|")) {
				String[] cells = line.split("(?<!\\\\)\\|");
				if (cells.length > 1) {
					Matcher matcher = CALL.matcher(cells[1]);
					while (matcher.find()) {
						calls.add(matcher.group(1) + " " + matcher.group(2));
					}
				}
			}
		}
		assertThat(found).as("a section '## %s' in %s", heading, PATH).isTrue();
		return calls;
	}

	/**
	 * Check that the tables of a section name exactly the operations of an application's
	 * description: each documented in both, neither more nor less.
	 * @param heading the beginning of the section's heading
	 * @param contract the application's description
	 */
	public void assertDescribes(String heading, OpenApiContract contract) {
		TreeSet<String> documented = calls(heading);
		TreeSet<String> described = contract.operations();

		assertThat(documented).as("the calls of %s's section '%s', against its /v3/api-docs", PATH, heading)
			.containsExactlyElementsOf(described);
	}

}
