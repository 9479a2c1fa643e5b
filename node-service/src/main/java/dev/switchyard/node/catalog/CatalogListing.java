package dev.switchyard.node.catalog;

import java.util.List;

/**
 * The whole catalog as one node holds it.
 *
 * @param instanceId the instance that answered
 * @param version the last version this node has applied; the entries are exactly those of
 * that version
 * @param entries every entry, sorted by key
 */
public record CatalogListing(String instanceId, long version, List<CatalogEntry> entries) {

}
