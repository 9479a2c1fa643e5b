package dev.switchyard.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Removing the temporary directories that tests create.
 */
public final class TempDirectories {

	private TempDirectories() {
	}

	/**
	 * Delete a directory and everything in it, as far as possible: a temporary directory
	 * left behind is not worth failing a test for.
	 * @param directory the directory
	 */
	public static void delete(Path directory) {
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// gone already, or not ours to read: leave it
		}
	}

}
