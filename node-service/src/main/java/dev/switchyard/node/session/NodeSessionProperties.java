package dev.switchyard.node.session;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the node's session cookie is written.
 *
 * @param secureCookie mark the {@code SESSION} cookie {@code Secure}; turn it on when
 * clients reach the gateway over HTTPS
 */
@Validated
@ConfigurationProperties("node.session")
public record NodeSessionProperties(@DefaultValue("false") boolean secureCookie) {

}
