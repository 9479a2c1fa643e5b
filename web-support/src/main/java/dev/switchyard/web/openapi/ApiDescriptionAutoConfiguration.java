package dev.switchyard.web.openapi;

import dev.switchyard.web.security.ProtectedRequests;
import io.swagger.v3.oas.models.info.Info;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Describes an application's API at {@code /v3/api-docs} (and the Swagger UI at
 * {@code /swagger-ui.html}), both open without a token, with the title and description of
 * its {@link ApiDescriptionProperties}; the calls that need a token are those of its
 * {@link ProtectedRequests} beans, the very ones its token check enforces. The
 * repository's {@code docs/API.md} describes the same calls in prose, and each
 * application's {@code ApiDescriptionTests} holds the two together.
 */
@AutoConfiguration
@ConditionalOnClass(OpenApiCustomizer.class)
@ConditionalOnBean(ProtectedRequests.class)
@EnableConfigurationProperties(ApiDescriptionProperties.class)
public class ApiDescriptionAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ApiDescriptionCustomizer apiDescriptionCustomizer(ApiDescriptionProperties properties,
			ObjectProvider<ProtectedRequests> protectedRequests) {
		Info info = new Info().title(properties.title()).version("v1").description(properties.description());
		return new ApiDescriptionCustomizer(info,
				protectedRequests.orderedStream().reduce(ProtectedRequests::and).orElseThrow(), properties.token());
	}

}
