package dev.switchyard.node.identity;

/**
 * The thread serving the current request, as the JSON bodies describe it.
 *
 * @param name the thread's name, or its {@code toString()} when it has none, as virtual
 * threads usually do not
 * @param virtual whether it is a virtual thread
 */
public record ServingThread(String name, boolean virtual) {

	/**
	 * Describe the current thread.
	 * @return the description
	 */
	public static ServingThread current() {
		Thread thread = Thread.currentThread();
		String name = thread.getName();
		return new ServingThread((name == null || name.isBlank()) ? thread.toString() : name, thread.isVirtual());
	}

}
