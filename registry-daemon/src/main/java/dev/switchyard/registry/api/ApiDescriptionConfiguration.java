package dev.switchyard.registry.api;

import dev.switchyard.web.openapi.ApiDescriptionCustomizer;
import dev.switchyard.web.security.ProtectedRequests;
import io.swagger.v3.oas.models.info.Info;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Describes the registry's API at {@code /v3/api-docs} (and the Swagger UI at
 * {@code /swagger-ui.html}), both open without a token; the calls that need one are those
 * of its {@link ProtectedRequests}. The repository's {@code docs/API.md} describes the
 * same calls in prose, and {@code ApiDescriptionTests} holds the two together.
 */
@Configuration(proxyBeanMethods = false)
class ApiDescriptionConfiguration {

	@Bean
	ApiDescriptionCustomizer apiDescriptionCustomizer(ObjectProvider<ProtectedRequests> protectedRequests) {
		Info info = new Info().title("Switchyard registry daemon")
			.version("v1")
			.description(
					"The port mapper: services register their instances under leases, and clients read them, with blocking queries. Writes need REGISTRY_TOKEN. docs/API.md describes it in prose.");
		return new ApiDescriptionCustomizer(info,
				protectedRequests.orderedStream().reduce(ProtectedRequests::and).orElseThrow(),
				"REGISTRY_TOKEN (registry.security.token)");
	}

}
