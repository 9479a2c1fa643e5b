package dev.switchyard.gateway.web;

import dev.switchyard.web.openapi.ApiDescriptionCustomizer;
import dev.switchyard.web.security.ProtectedRequests;
import io.swagger.v3.oas.models.info.Info;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Describes the gateway's own API at {@code /v3/api-docs} (and the Swagger UI at
 * {@code /swagger-ui.html}), both open without a token; the calls that need one are those
 * of its {@link ProtectedRequests}. The repository's {@code docs/API.md} describes the
 * same calls in prose, and {@code ApiDescriptionTests} holds the two together.
 */
@Configuration(proxyBeanMethods = false)
class ApiDescriptionConfiguration {

	@Bean
	ApiDescriptionCustomizer apiDescriptionCustomizer(ObjectProvider<ProtectedRequests> protectedRequests) {
		Info info = new Info().title("Switchyard gateway")
			.version("v1")
			.description(
					"The gateway's own calls: /admin (ADMIN_TOKEN) and the console's /cluster. The /api calls it proxies to the nodes are described by a node's /v3/api-docs. docs/API.md describes it in prose.");
		return new ApiDescriptionCustomizer(info,
				protectedRequests.orderedStream().reduce(ProtectedRequests::and).orElseThrow(),
				"ADMIN_TOKEN (gateway.admin.token)");
	}

}
