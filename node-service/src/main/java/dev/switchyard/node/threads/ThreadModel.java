package dev.switchyard.node.threads;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How requests get a thread.
 */
public enum ThreadModel {

	/**
	 * Tomcat's bounded pool of platform threads ({@code server.tomcat.threads.max}, 200
	 * by default): a request that waits holds one of them, and the others queue.
	 */
	PLATFORM,

	/**
	 * A new virtual thread per request: a request that waits unmounts from its carrier
	 * thread and holds nothing but memory.
	 */
	VIRTUAL;

	/**
	 * Return the name as {@code node.threads} spells it.
	 * @return {@code platform} or {@code virtual}
	 */
	@JsonValue
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

}
