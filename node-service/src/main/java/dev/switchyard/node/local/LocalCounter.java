package dev.switchyard.node.local;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * A session's counter as this node sees it.
 *
 * @param instanceId the instance that answered
 * @param count the count in this instance's memory
 * @param sessionId a short fingerprint of the session, never the session id itself;
 * absent without a session
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LocalCounter(String instanceId, long count, @Nullable String sessionId) {

}
