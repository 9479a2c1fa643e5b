package dev.switchyard.node.web;

import dev.switchyard.web.openapi.ApiDescriptionCustomizer;
import dev.switchyard.web.security.ProtectedRequests;
import io.swagger.v3.oas.models.info.Info;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Describes the node's API at {@code /v3/api-docs} (and the Swagger UI at
 * {@code /swagger-ui.html}), both open without a token; the calls that need one are those
 * of its {@link ProtectedRequests}. The repository's {@code docs/API.md} describes the
 * same calls in prose, and {@code ApiDescriptionTests} holds the two together.
 */
@Configuration(proxyBeanMethods = false)
class ApiDescriptionConfiguration {

	@Bean
	ApiDescriptionCustomizer apiDescriptionCustomizer(ObjectProvider<ProtectedRequests> protectedRequests) {
		Info info = new Info().title("Switchyard node service")
			.version("v1")
			.description(
					"A node of the cluster: /api (reached through the gateway) and its own /admin, which needs ADMIN_TOKEN. docs/API.md describes it in prose.");
		return new ApiDescriptionCustomizer(info,
				protectedRequests.orderedStream().reduce(ProtectedRequests::and).orElseThrow(),
				"ADMIN_TOKEN (node.admin.token)");
	}

}
