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
	VIRTUAL,

	/**
	 * One platform thread serves every request, one after the other (Tomcat's pool held
	 * at one thread): the chapter's iterative server, where a request that waits makes
	 * every other wait behind it (head-of-line blocking).
	 */
	ITERATIVE;

	/**
	 * Return the name as {@code node.threads} spells it.
	 * @return {@code platform} or {@code virtual}
	 */
	@JsonValue
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

}
