package dev.switchyard.node.catalog;

/**
 * The catalog's durable log, which every node applies in order.
 */
public interface CatalogLog {

	/**
	 * Append a write to the log.
	 * @param key the key
	 * @param value the value
	 * @return the write's version: one more than the version of the entry before it
	 */
	long append(String key, String value);

}
