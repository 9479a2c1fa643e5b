package dev.switchyard.web.openapi;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What an application's {@code /v3/api-docs} says of itself: each application sets these
 * in its {@code application.yml}.
 *
 * @param title the API's title, such as {@code Switchyard gateway}
 * @param description what the API is, in a sentence or two
 * @param token the token of its protected calls and where it comes from, such as
 * {@code ADMIN_TOKEN (gateway.admin.token)}
 */
@ConfigurationProperties("switchyard.api-description")
public record ApiDescriptionProperties(String title, String description, String token) {

}
