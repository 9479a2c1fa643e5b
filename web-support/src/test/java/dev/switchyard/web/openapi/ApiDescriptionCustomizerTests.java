package dev.switchyard.web.openapi;

import dev.switchyard.web.security.ProtectedRequests;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

class ApiDescriptionCustomizerTests {

	private final ApiDescriptionCustomizer customizer = new ApiDescriptionCustomizer(new Info().title("test"),
			ProtectedRequests.paths("/v1/**").exceptMethods(HttpMethod.GET), "TEST_TOKEN");

	@Test
	void shouldRequireTheTokenOnProtectedOperationsOnly() {
		OpenAPI openApi = openApi();

		this.customizer.customise(openApi);

		Operation write = openApi.getPaths().get("/v1/things/{id}").getPut();
		Operation read = openApi.getPaths().get("/v1/things/{id}").getGet();
		assertThat(write.getSecurity()).singleElement()
			.satisfies((requirement) -> assertThat(requirement).containsKey(ApiDescriptionCustomizer.BEARER_TOKEN));
		assertThat(write.getResponses()).containsKeys("200", "401", "429", "default");
		assertThat(read.getSecurity()).isNull();
		assertThat(read.getResponses()).containsOnlyKeys("200", "default");
	}

	@Test
	void shouldDescribeEveryErrorAsProblemJson() {
		OpenAPI openApi = openApi();

		this.customizer.customise(openApi);

		ApiResponse error = openApi.getPaths().get("/v1/things/{id}").getGet().getResponses().get("default");
		assertThat(error.getContent()).containsOnlyKeys("application/problem+json");
		assertThat(error.getContent().get("application/problem+json").getSchema().get$ref())
			.isEqualTo("#/components/schemas/ProblemDetail");
		assertThat(openApi.getComponents().getSchemas().get("ProblemDetail").getProperties()).containsKeys("type",
				"title", "status", "detail", "instance");
		assertThat(openApi.getComponents().getSecuritySchemes().get(ApiDescriptionCustomizer.BEARER_TOKEN))
			.satisfies((scheme) -> {
				assertThat(scheme.getType()).isEqualTo(SecurityScheme.Type.HTTP);
				assertThat(scheme.getScheme()).isEqualTo("bearer");
				assertThat(scheme.getDescription()).contains("TEST_TOKEN");
			});
		assertThat(openApi.getInfo().getTitle()).isEqualTo("test");
	}

	@Test
	void shouldKeepADefaultAnswerTheCodeDescribes() {
		OpenAPI openApi = openApi();
		ApiResponse own = new ApiResponse().description("own");
		openApi.getPaths().get("/v1/things/{id}").getGet().getResponses().addApiResponse("default", own);

		this.customizer.customise(openApi);

		assertThat(openApi.getPaths().get("/v1/things/{id}").getGet().getResponses().get("default")).isSameAs(own);
	}

	private static OpenAPI openApi() {
		PathItem item = new PathItem().get(operation()).put(operation());
		return new OpenAPI().paths(new Paths().addPathItem("/v1/things/{id}", item));
	}

	private static Operation operation() {
		return new Operation().responses(new ApiResponses().addApiResponse("200", new ApiResponse().description("ok")));
	}

}
