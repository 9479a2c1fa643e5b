package dev.switchyard.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The figures of the fault suite as a Markdown table: written to
 * {@code e2e/target/reliability.md} on every run, and into the marked block of
 * {@code docs/RELIABILITY.md} when the system property {@value #DOCUMENT_PROPERTY} names
 * that file.
 */
final class ReliabilityReport {

	static final String DOCUMENT_PROPERTY = "switchyard.reliability.report";

	static final String BEGIN = "<!-- reliability-table:begin -->";

	static final String END = "<!-- reliability-table:end -->";

	private final List<Row> rows = new ArrayList<>();

	synchronized void add(Row row) {
		this.rows.add(row);
		System.out.println("reliability: " + row);
	}

	synchronized String table() {
		StringBuilder table = new StringBuilder();
		table.append(
				"| scenario | requests sent (reads / writes) | failed (reads / writes) | recovery | what clients saw |\n");
		table.append("|---|---:|---:|---:|---|\n");
		for (Row row : this.rows) {
			table.append("| ")
				.append(row.scenario())
				.append(" | ")
				.append(row.reads() + row.writes())
				.append(" (")
				.append(row.reads())
				.append(" / ")
				.append(row.writes())
				.append(") | ")
				.append(row.failedReads() + row.failedWrites())
				.append(" (")
				.append(row.failedReads())
				.append(" / ")
				.append(row.failedWrites())
				.append(") | ")
				.append(format(row.recovery()))
				.append(" | ")
				.append(row.notes().replace("|", "\\|"))
				.append(" |\n");
		}
		return table.toString();
	}

	/**
	 * Write the table to {@code target/reliability.md}, and into the document named by
	 * {@value #DOCUMENT_PROPERTY} if any.
	 * @param moduleDirectory the e2e module's directory
	 */
	void write(Path moduleDirectory) {
		String table = table();
		String stamped = "Produced by `ReliabilityTests` at " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " on "
				+ Runtime.getRuntime().availableProcessors() + " CPUs (load average "
				+ String.format("%.1f",
						java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage())
				+ " at the end).\n\n" + table;
		try {
			Files.writeString(Files.createDirectories(moduleDirectory.resolve("target")).resolve("reliability.md"),
					stamped);
			String document = System.getProperty(DOCUMENT_PROPERTY);
			if (document != null && !document.isBlank()) {
				Path path = moduleDirectory.resolve(document).normalize();
				Files.writeString(path, replaceBlock(Files.readString(path), stamped));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String replaceBlock(String document, String content) {
		int begin = document.indexOf(BEGIN);
		int end = document.indexOf(END);
		if (begin < 0 || end < begin) {
			throw new IllegalStateException("The document has no " + BEGIN + " … " + END + " block");
		}
		return document.substring(0, begin + BEGIN.length()) + "\n" + content + document.substring(end);
	}

	private static String format(Duration duration) {
		if (duration == null) {
			return "–";
		}
		return (duration.toMillis() < 10_000) ? duration.toMillis() + " ms"
				: String.format("%.1f s", duration.toMillis() / 1000.0);
	}

	/**
	 * One scenario's figures.
	 *
	 * @param scenario what was done
	 * @param reads idempotent requests sent
	 * @param writes non-idempotent requests sent
	 * @param failedReads reads that did not get a 2xx
	 * @param failedWrites writes that did not get a 2xx
	 * @param recovery how long until the cluster served as before, {@code null} when
	 * nothing had to recover
	 * @param notes what the clients saw, in a few words
	 */
	record Row(String scenario, long reads, long writes, long failedReads, long failedWrites, Duration recovery,
			String notes) {

	}

}
