package dev.switchyard.web.openapi;

import dev.switchyard.web.security.ProtectedRequests;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class ApiDescriptionAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ApiDescriptionAutoConfiguration.class))
		.withPropertyValues("switchyard.api-description.title=Test service",
				"switchyard.api-description.description=What it does",
				"switchyard.api-description.token=TEST_TOKEN (test.token)");

	@Test
	void shouldDescribeTheApplicationFromItsPropertiesAndEveryProtectedRequestsBean() {
		this.runner.withBean("admin", ProtectedRequests.class, () -> ProtectedRequests.paths("/admin/**"))
			.withBean("writes", ProtectedRequests.class,
					() -> ProtectedRequests.paths("/v1/**").exceptMethods(org.springframework.http.HttpMethod.GET))
			.run((context) -> {
				OpenAPI api = new OpenAPI()
					.paths(new Paths().addPathItem("/admin/lb", new PathItem().get(new Operation()))
						.addPathItem("/v1/kv/{key}", new PathItem().get(new Operation()).put(new Operation()))
						.addPathItem("/api/whoami", new PathItem().get(new Operation())));
				context.getBean(ApiDescriptionCustomizer.class).customise(api);
				assertThat(api.getInfo().getTitle()).isEqualTo("Test service");
				assertThat(api.getInfo().getDescription()).isEqualTo("What it does");
				assertThat(api.getComponents()
					.getSecuritySchemes()
					.get(ApiDescriptionCustomizer.BEARER_TOKEN)
					.getDescription()).contains("TEST_TOKEN (test.token)");
				assertThat(api.getPaths().get("/admin/lb").getGet().getSecurity()).isNotEmpty();
				assertThat(api.getPaths().get("/v1/kv/{key}").getPut().getSecurity()).isNotEmpty();
				assertThat(api.getPaths().get("/v1/kv/{key}").getGet().getSecurity()).isNullOrEmpty();
				assertThat(api.getPaths().get("/api/whoami").getGet().getSecurity()).isNullOrEmpty();
			});
	}

	@Test
	void shouldBackOffWithoutProtectedRequests() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(ApiDescriptionCustomizer.class));
	}

}
