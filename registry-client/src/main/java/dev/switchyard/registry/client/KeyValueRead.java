package dev.switchyard.registry.client;

import java.util.List;

/**
 * The keys a read of the key/value store found, with the index to pass to the next
 * blocking query.
 *
 * @param entries the entries: none or one for a key, those under a prefix otherwise
 * @param index the index of the answer ({@code X-Registry-Index})
 */
public record KeyValueRead(List<KeyValueEntry> entries, long index) {

	public KeyValueRead {
		entries = List.copyOf(entries);
	}

}
