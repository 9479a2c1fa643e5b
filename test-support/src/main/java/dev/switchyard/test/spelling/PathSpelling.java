package dev.switchyard.test.spelling;

/**
 * One way to write a path on the request line.
 *
 * @param name what was done to the path, such as {@code matrix ;x on segment 1}
 * @param path the path as sent, byte for byte
 */
public record PathSpelling(String name, String path) {

	@Override
	public String toString() {
		return this.path + "  (" + this.name + ")";
	}

}
