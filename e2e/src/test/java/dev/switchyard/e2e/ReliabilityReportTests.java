package dev.switchyard.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The fault suite's table: how it is written, and that docs/RELIABILITY.md holds one
 * produced by the suite with a row for every scenario.
 */
class ReliabilityReportTests {

	private static final Path DOCUMENT = Path.of(System.getProperty("user.dir")).resolve("../docs/RELIABILITY.md");

	@Test
	void shouldWriteOneRowPerScenarioWithItsFigures() {
		ReliabilityReport report = new ReliabilityReport();

		report.add(new ReliabilityReport.Row("SIGKILL of a node", 300, 40, 0, 1, Duration.ofMillis(452), "a | b"));
		report.add(new ReliabilityReport.Row("A node made slow", 600, 80, 0, 0, null, "avoided"));

		assertThat(report.table().lines()).containsSubsequence(
				"| SIGKILL of a node | 340 (300 / 40) | 1 (0 / 1) | 452 ms | a \\| b |",
				"| A node made slow | 680 (600 / 80) | 0 (0 / 0) | – | avoided |");
	}

	@Test
	void shouldReplaceOnlyTheMarkedBlock() {
		String document = "# Title\n" + ReliabilityReport.BEGIN + "\nold\n" + ReliabilityReport.END + "\nafter\n";

		String replaced = ReliabilityReport.replaceBlock(document, "new table\n");

		assertThat(replaced)
			.isEqualTo("# Title\n" + ReliabilityReport.BEGIN + "\nnew table\n" + ReliabilityReport.END + "\nafter\n");
		assertThatIllegalStateException().isThrownBy(() -> ReliabilityReport.replaceBlock("# no block", "x"));
	}

	@Test
	void shouldHaveTheSuitesTableWithEveryScenarioInTheDocument() throws IOException {
		String document = Files.readString(DOCUMENT);

		String block = document.substring(document.indexOf(ReliabilityReport.BEGIN),
				document.indexOf(ReliabilityReport.END));

		assertThat(block).contains("Produced by `ReliabilityTests`");
		for (ReliabilityTests.Scenario scenario : ReliabilityTests.Scenario.values()) {
			assertThat(block).as(scenario.name())
				.containsPattern("\\| " + java.util.regex.Pattern.quote(scenario.title())
						+ " \\| \\d+ \\(\\d+ / \\d+\\) \\| \\d+ \\(\\d+ / \\d+\\) \\|");
		}
	}

}
